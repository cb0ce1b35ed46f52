// Managing accounts (admins): create users of any role, change roles, rename, disable, reset passwords.
import { recordAudit } from '../audit/audit-log.js';
import { isUniqueViolation } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { insertMemberProfile } from '../workflows/queries/member-profiles.js';
import { newUserId } from '../random-ids.js';
import { unassignFromAllStores } from '../workflows/store-staff.js';
import { hashPassword } from './password.js';
import type { Principal, Role } from './roles.js';
import { endSessionsOfUser } from './session-records.js';
import { findUser, insertUser, toUserView, updateUser, type UserView } from './users.js';

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

/** Rejections: `username_taken`. A member gets an empty volunteer profile. */
export async function createAccount(deps: Deps, actor: Principal, account: NewAccount): Promise<UserView> {
  const passwordHash = await hashPassword(account.password);
  const id = newUserId();
  const community = actor.community;
  try {
    await deps.knex.transaction(async (trx) => {
      await insertUser(trx, {
        community,
        id,
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        passwordHash,
        isDemo: false,
      });
      if (account.role === 'member')
        await insertMemberProfile(trx, { community, userId: id, phoneSealed: null, languages: [], skills: [] });
      await recordAudit(
        trx,
        {
          community,
          actor: actor.userId,
          action: 'user.created',
          target: `user:${id}`,
          details: { role: account.role, username: account.username },
        },
        deps.now(),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError('username_taken');
    throw error;
  }
  const created = await findUser(deps.knex, community, id);
  if (created === undefined) throw new Error('a user just created is missing');
  return toUserView(created);
}

export interface AccountChange {
  role?: Role | undefined;
  displayName?: string | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
}

/**
 * Rejections, in order: `not_found` (no such user in the caller's community),
 * `self_change_refused` (an admin may not change their own role or disable themselves, so a
 * community cannot lose its last admin by accident). A role change, disabling and a new password
 * end every session of the user in the same transaction: their access tokens are refused from the
 * next request on, and their refresh tokens too, so they log in again (with the new role).
 */
export async function changeAccount(deps: Deps, actor: Principal, userId: string, change: AccountChange): Promise<UserView> {
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  const community = actor.community;
  const now = deps.now();
  await deps.knex.transaction(async (trx) => {
    const user = await findUser(trx, community, userId);
    if (user === undefined) throw new ApiError('not_found');
    const roleChanges = change.role !== undefined && change.role !== user.role;
    if (userId === actor.userId && (roleChanges || change.disabled === true)) throw new ApiError('self_change_refused');
    await updateUser(trx, community, userId, { ...change, passwordHash }, now);
    const audit = (action: Parameters<typeof recordAudit>[1]['action'], details: Record<string, string>) =>
      recordAudit(trx, { community, actor: actor.userId, action, target: `user:${userId}`, details }, now);
    if (roleChanges && change.role !== undefined) {
      // Store assignments belong to the staff role: a user who leaves it leaves their stores, so
      // a later return to staff does not silently bring back old stores.
      const stores = user.role === 'staff' ? await unassignFromAllStores(trx, community, userId) : [];
      await audit('user.role_changed', {
        from: user.role,
        to: change.role,
        ...(stores.length > 0 ? { storesLeft: stores.join(',') } : {}),
      });
      if (change.role === 'member')
        await insertMemberProfile(trx, { community, userId, phoneSealed: null, languages: [], skills: [] }, { ifAbsent: true });
    }
    if (change.displayName !== undefined && change.displayName !== user.displayName) await audit('user.renamed', {});
    const disables = change.disabled === true && user.disabledAt === null;
    if (disables) await audit('user.disabled', {});
    if (change.disabled === false && user.disabledAt !== null) await audit('user.enabled', {});
    if (passwordHash !== undefined) await audit('user.password_reset', {});
    if (roleChanges || disables || passwordHash !== undefined) await endSessionsOfUser(trx, community, userId, now);
  });
  const changed = await findUser(deps.knex, community, userId);
  if (changed === undefined) throw new Error('a user just changed is missing');
  return toUserView(changed);
}
