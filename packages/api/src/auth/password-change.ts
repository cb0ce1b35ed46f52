// Changing one's own password, and the flag that forces it: the queries and the rule, between the
// `POST /api/v1/me/password` route, the gate middleware and the operator's command line.
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-log.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { passwordWeakness } from './password-strength.js';
import { revokeRefreshTokensOfUser } from './refresh-tokens.js';
import type { Principal } from './roles.js';
import { findUser } from './users.js';

/** True when the user must change their password before anything else; false for an unknown user. */
export async function mustChangePassword(db: Knex, community: string, userId: string): Promise<boolean> {
  const row = await db('users').select('must_change_password').where({ community_id: community, id: userId }).first<{ must_change_password: boolean } | undefined>();
  return row?.must_change_password === true;
}

export async function setMustChangePassword(db: Knex, community: string, userId: string, value: boolean): Promise<void> {
  await db('users').where({ community_id: community, id: userId }).update({ must_change_password: value });
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * Sets the caller's new password and clears `must_change_password`. Every session of the user
 * ends (its refresh tokens are revoked), as after any new password: the client logs in again with
 * the new one. Audited as `user.password_changed`.
 *
 * Rejections, in order: `rate_limited` (counted with the login attempts on the username, so the
 * route cannot be used to guess the current password faster than the login), `not_found` (the
 * account is gone), `current_password_incorrect`, `password_too_weak` (too short, common, the
 * username, or the same as the current one).
 */
export async function changeOwnPassword(deps: Deps, principal: Principal, change: PasswordChange): Promise<void> {
  const community = principal.community;
  const user = await findUser(deps.knex, community, principal.userId);
  if (user === undefined) throw new ApiError('not_found', { detail: 'the account no longer exists' });
  const decision = await deps.loginLimiters.perUsername.hit(`${community}\n${user.username}`);
  if (!decision.allowed) throw new ApiError('rate_limited', { headers: { 'Retry-After': String(decision.retryAfterSeconds) } });
  if (!(await verifyPassword(change.currentPassword, user.passwordHash))) throw new ApiError('current_password_incorrect');
  const weakness = change.newPassword === change.currentPassword ? 'it is the current password' : passwordWeakness(change.newPassword, { username: user.username, community });
  if (weakness !== undefined) throw new ApiError('password_too_weak', { detail: `the new password is too weak: ${weakness}` });
  const passwordHash = await hashPassword(change.newPassword);
  const now = deps.now();
  await deps.knex.transaction(async (trx) => {
    await trx('users').where({ community_id: community, id: user.id }).update({ password_hash: passwordHash, must_change_password: false, updated_at: now });
    await revokeRefreshTokensOfUser(trx, community, user.id, now);
    await recordAudit(trx, { community, actor: user.id, action: 'user.password_changed', target: `user:${user.id}`, details: {} }, now);
  });
}
