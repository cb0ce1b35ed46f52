// A user changing their own password: the current one is asked for, and their other sessions end.
import { recordAudit } from '../audit/audit-log.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { hashPassword, verifyPassword } from './password.js';
import type { Principal } from './roles.js';
import { endSessionsOfUser } from './session-records.js';
import { findUser, updateUser } from './users.js';

export interface OwnPasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * Rejections: `current_password_wrong` (so an unlocked phone or a copied access token is not
 * enough to take the account over). Every other session of the user ends at once, which is
 * why someone who suspects another device changes their password; the session that made the
 * change carries on, so the person at the screen is not sent to the login page for doing it.
 */
export async function changeOwnPassword(deps: Deps, principal: Principal, change: OwnPasswordChange): Promise<void> {
  const user = await findUser(deps.knex, principal.community, principal.userId);
  // The session check has just read this row; a user deleted since is a programmer's error.
  if (user === undefined) throw new Error('the caller’s account is missing');
  if (!(await verifyPassword(change.currentPassword, user.passwordHash))) throw new ApiError('current_password_wrong');
  const passwordHash = await hashPassword(change.newPassword);
  const now = deps.now();
  await deps.knex.transaction(async (trx) => {
    await updateUser(trx, user.community, user.id, { passwordHash }, now);
    await recordAudit(trx, { community: user.community, actor: user.id, action: 'user.password_changed', target: `user:${user.id}`, details: {} }, now);
    await endSessionsOfUser(trx, user.community, user.id, now, principal.sessionId);
  });
}
