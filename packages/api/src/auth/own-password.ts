// A user changing their own password: the current one is asked for, and their other sessions end.
import { recordAudit } from '../audit/audit-log.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { passwordWeakness } from './password-strength.js';
import type { Principal } from './roles.js';
import { endSessionsOfUser } from './session-records.js';
import { setMustChangePassword } from './password-change.js';
import { findUser, updateUser } from './users.js';

export interface OwnPasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * Rejections, in order: `rate_limited` (a wrong current password counts as a failed login, under
 * the same limits), `current_password_wrong` (so an unlocked phone or a copied access token is
 * not enough to take the account over), `password_too_weak` (too short, common, the username, or
 * the current one again). A one-time password's flag (`must_change_password`) is cleared. Every other session of the user ends at once, which is
 * why someone who suspects another device changes their password; the session that made the
 * change carries on, so the person at the screen is not sent to the login page for doing it.
 */
export async function changeOwnPassword(deps: Deps, principal: Principal, change: OwnPasswordChange, address: string): Promise<void> {
  const user = await findUser(deps.knex, principal.community, principal.userId);
  // The session check has just read this row; a user deleted since is a programmer's error.
  if (user === undefined) throw new Error('the caller’s account is missing');
  const decision = await deps.loginLimiter.begin({ community: user.community, username: user.username, address });
  if (!decision.allowed) throw new ApiError('rate_limited', { headers: { 'Retry-After': String(decision.retryAfterSeconds) } });
  if (!(await verifyPassword(change.currentPassword, user.passwordHash))) throw new ApiError('current_password_wrong');
  await deps.loginLimiter.finish(decision.ticket, 'password_accepted');
  const weakness =
    change.newPassword === change.currentPassword
      ? 'it is the current password'
      : passwordWeakness(change.newPassword, { username: user.username, community: user.community });
  if (weakness !== undefined) throw new ApiError('password_too_weak', { detail: `the new password is too weak: ${weakness}` });
  const passwordHash = await hashPassword(change.newPassword);
  const now = deps.now();
  await deps.knex.transaction(async (trx) => {
    await updateUser(trx, user.community, user.id, { passwordHash }, now);
    await setMustChangePassword(trx, user.community, user.id, false);
    await recordAudit(
      trx,
      { community: user.community, actor: user.id, action: 'user.password_changed', target: `user:${user.id}`, details: {} },
      now,
    );
    await endSessionsOfUser(trx, user.community, user.id, now, principal.sessionId);
  });
}
