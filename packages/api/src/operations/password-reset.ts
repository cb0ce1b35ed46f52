// An operator resets a user's password from the server's command line (`linli user reset-password`),
// e.g. when a community's only admin forgot theirs: a one-time password the user must change.
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-log.js';
import { newOneTimePassword } from '../auth/one-time-password.js';
import { hashPassword } from '../auth/password.js';
import { endSessionsOfUser } from '../auth/session-records.js';
import { findUserByUsername } from '../auth/users.js';
import { findCommunity } from '../communities.js';
import { operatorActor } from './community-setup.js';
import { OperationRefusal } from './operation-refusal.js';

export interface PasswordReset {
  userId: string;
  password: string;
  /** The account was disabled; the reset does not enable it (an admin does, in the API). */
  disabled: boolean;
}

/**
 * Sets a new one-time password, marks it to be changed at first login, ends every session of the
 * user and logs `user.password_reset` (actor `operator`), in one transaction.
 * Refusals: `community_not_found`, `user_not_found`.
 */
export async function resetPassword(knex: Knex, community: string, username: string, now: Date): Promise<PasswordReset> {
  const password = newOneTimePassword();
  const passwordHash = await hashPassword(password);
  return knex.transaction(async (trx) => {
    if ((await findCommunity(trx, community)) === undefined)
      throw new OperationRefusal('community_not_found', `there is no community ${JSON.stringify(community.slice(0, 64))}`);
    const user = await findUserByUsername(trx, community, username.toLowerCase());
    if (user === undefined)
      throw new OperationRefusal('user_not_found', `the community ${community} has no user ${JSON.stringify(username.slice(0, 64))}`);
    await setOneTimePassword(trx, { community, userId: user.id, passwordHash, actor: operatorActor, via: 'command line' }, now);
    return { userId: user.id, password, disabled: user.disabledAt !== null };
  });
}

/**
 * The one way a password is reset, by the operator or over the API: the new hash, marked to be
 * changed at first login, every session of the user ended, and `user.password_reset` logged in
 * the user's community, all in the caller's transaction.
 */
export async function setOneTimePassword(
  trx: Knex,
  reset: { community: string; userId: string; passwordHash: string; actor: string; via: string },
  now: Date,
): Promise<void> {
  await trx('users')
    .where({ community_id: reset.community, id: reset.userId })
    .update({ password_hash: reset.passwordHash, must_change_password: true, updated_at: now });
  await endSessionsOfUser(trx, reset.community, reset.userId, now);
  await recordAudit(
    trx,
    {
      community: reset.community,
      actor: reset.actor,
      action: 'user.password_reset',
      target: `user:${reset.userId}`,
      details: { via: reset.via },
    },
    now,
  );
}
