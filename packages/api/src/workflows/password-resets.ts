// An admin resets the password of someone in their community (who forgot it): a one-time
// password the admin hands over, to be changed at the next login; every session ends at once.
import type { PasswordResetView } from '@linli/contract';
import { newOneTimePassword } from '../auth/one-time-password.js';
import { hashPassword } from '../auth/password.js';
import type { Principal } from '../auth/roles.js';
import { findUser } from '../auth/users.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { setOneTimePassword } from '../operations/password-reset.js';

/**
 * Rejections, in order: `not_found` (no such user in the caller's community),
 * `self_change_refused` (an admin changes their own password giving the current one, at
 * `POST /api/v1/me/password`; a reset would lock them into the change page with a password they
 * just saw on the screen).
 */
export async function resetUserPassword(deps: Deps, principal: Principal, userId: string): Promise<PasswordResetView> {
  const password = newOneTimePassword();
  const passwordHash = await hashPassword(password);
  const user = await findUser(deps.knex, principal.community, userId);
  if (user === undefined) throw new ApiError('not_found');
  if (user.id === principal.userId) throw new ApiError('self_change_refused', { detail: 'change your own password with your current one' });
  await setOneTimePassword(
    deps.knex,
    { community: principal.community, userId, passwordHash, actor: principal.userId, via: 'admin' },
    deps.now(),
  );
  return { userId, username: user.username, oneTimePassword: password };
}
