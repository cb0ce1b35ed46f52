// Members: users with the role `member` and a volunteer profile; managed by coordinators and admins.
import { recordAudit } from '../audit/audit-log.js';
import { hashPassword } from '../auth/password.js';
import type { Principal } from '../auth/roles.js';
import { findUser, insertUser, listUsers, updateUser, type UserRecord } from '../auth/users.js';
import { isUniqueViolation } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { newUserId } from '../random-ids.js';
import { findMemberProfiles, insertMemberProfile, updateMemberProfile, type MemberProfileRecord } from './queries/member-profiles.js';
import { openMemberAccount } from './community-books.js';
import type { MemberView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { MemberView } from '@linli/contract';

/** What coordinators and admins see of a member, phone decrypted. */

export interface NewMember {
  username: string;
  displayName: string;
  password: string;
  phone?: string | undefined;
  languages?: string[] | undefined;
  skills?: string[] | undefined;
}

/** The context binds a sealed phone to its member, so it cannot be copied to another row. */
export function phoneContext(community: string, userId: string): string {
  return `${community}/users/${userId}/phone`;
}

/** Rejections: `username_taken`. */
export async function createMember(deps: Deps, actor: Principal, member: NewMember): Promise<MemberView> {
  const community = actor.community;
  const id = newUserId();
  const passwordHash = await hashPassword(member.password);
  const phoneSealed = member.phone === undefined ? null : deps.sealer.seal(member.phone, phoneContext(community, id));
  try {
    await deps.knex.transaction(async (trx) => {
      await insertUser(trx, {
        community,
        id,
        username: member.username,
        displayName: member.displayName,
        role: 'member',
        passwordHash,
        isDemo: false,
      });
      await insertMemberProfile(trx, {
        community,
        userId: id,
        phoneSealed,
        languages: member.languages ?? [],
        skills: member.skills ?? [],
      });
      await recordAudit(
        trx,
        { community, actor: actor.userId, action: 'member.created', target: `user:${id}`, details: { username: member.username } },
        deps.now(),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError('username_taken');
    throw error;
  }
  // The hour account opens once the user exists. The ledger is written only through its own
  // API, so this is a second step, not part of the SQL transaction above.
  await openMemberAccount(deps.ledger, community, id);
  return getMember(deps, community, id);
}

/** Rejections: `not_found` (no member with this id in the community, including non-members). */
export async function getMember(deps: Deps, community: string, userId: string): Promise<MemberView> {
  const user = await findUser(deps.knex, community, userId);
  if (user === undefined || user.role !== 'member') throw new ApiError('not_found');
  const profiles = await findMemberProfiles(deps.knex, community, [userId]);
  return toMemberView(deps, user, profiles.get(userId));
}

export async function listMembers(
  deps: Deps,
  community: string,
  page: { limit: number; after?: string | undefined },
): Promise<{ items: MemberView[]; next: string | null }> {
  const users = await listUsers(deps.knex, community, { ...page, role: 'member' });
  const profiles = await findMemberProfiles(
    deps.knex,
    community,
    users.map((user) => user.id),
  );
  const items = users.map((user) => toMemberView(deps, user, profiles.get(user.id)));
  return { items, next: users.length === page.limit ? (users.at(-1)?.id ?? null) : null };
}

export interface MemberChange {
  displayName?: string | undefined;
  /** A new phone, or `null` to remove it. */
  phone?: string | null | undefined;
  languages?: string[] | undefined;
  skills?: string[] | undefined;
}

/** Rejections: `not_found`. */
export async function changeMember(deps: Deps, actor: Principal, userId: string, change: MemberChange): Promise<MemberView> {
  const community = actor.community;
  const now = deps.now();
  await deps.knex.transaction(async (trx) => {
    const user = await findUser(trx, community, userId);
    if (user === undefined || user.role !== 'member') throw new ApiError('not_found');
    if (change.displayName !== undefined) await updateUser(trx, community, userId, { displayName: change.displayName }, now);
    const phoneSealed =
      change.phone === undefined
        ? undefined
        : change.phone === null
          ? null
          : deps.sealer.seal(change.phone, phoneContext(community, userId));
    await updateMemberProfile(trx, community, userId, { phoneSealed, languages: change.languages, skills: change.skills }, now);
    const fields = Object.entries(change)
      .filter(([, value]) => value !== undefined)
      .map(([field]) => field);
    await recordAudit(
      trx,
      { community, actor: actor.userId, action: 'member.updated', target: `user:${userId}`, details: { fields } },
      now,
    );
  });
  return getMember(deps, community, userId);
}

function toMemberView(deps: Deps, user: UserRecord, profile: MemberProfileRecord | undefined): MemberView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    isDemo: user.isDemo,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
    phone:
      profile === undefined || profile.phoneSealed === null
        ? null
        : deps.sealer.open(profile.phoneSealed, phoneContext(user.community, user.id)),
    languages: profile?.languages ?? [],
    skills: profile?.skills ?? [],
  };
}
