// Queries on `member_profiles`: a volunteer's sealed phone, languages and skills.
import type { Knex } from 'knex';
import { toStringArray } from '../../database-values.js';

export interface MemberProfileRecord {
  community: string;
  userId: string;
  /** Sealed with `crypto/sealed.ts`; never stored in clear. */
  phoneSealed: string | null;
  languages: string[];
  skills: string[];
}

export async function insertMemberProfile(db: Knex, profile: MemberProfileRecord, options: { ifAbsent?: boolean } = {}): Promise<void> {
  const insert = db('member_profiles').insert({
    community_id: profile.community,
    user_id: profile.userId,
    phone_sealed: profile.phoneSealed,
    languages: JSON.stringify(profile.languages),
    skills: JSON.stringify(profile.skills),
  });
  if (options.ifAbsent === true) await insert.onConflict(['community_id', 'user_id']).ignore();
  else await insert;
}

interface ProfileRow {
  user_id: string;
  phone_sealed: string | null;
  languages: unknown;
  skills: unknown;
}

function fromRow(community: string, row: ProfileRow): MemberProfileRecord {
  return {
    community,
    userId: row.user_id,
    phoneSealed: row.phone_sealed,
    languages: toStringArray(row.languages),
    skills: toStringArray(row.skills),
  };
}

export async function findMemberProfiles(
  db: Knex,
  community: string,
  userIds: readonly string[],
): Promise<Map<string, MemberProfileRecord>> {
  if (userIds.length === 0) return new Map();
  const rows = (await db('member_profiles')
    .select('user_id', 'phone_sealed', 'languages', 'skills')
    .where({ community_id: community })
    .whereIn('user_id', userIds)) as ProfileRow[];
  return new Map(rows.map((row) => [row.user_id, fromRow(community, row)]));
}

export interface MemberProfileChange {
  /** A sealed phone, or `null` to remove it. */
  phoneSealed?: string | null | undefined;
  languages?: string[] | undefined;
  skills?: string[] | undefined;
}

export async function updateMemberProfile(
  db: Knex,
  community: string,
  userId: string,
  change: MemberProfileChange,
  now: Date,
): Promise<void> {
  const values: Record<string, unknown> = { updated_at: now };
  if (change.phoneSealed !== undefined) values['phone_sealed'] = change.phoneSealed;
  if (change.languages !== undefined) values['languages'] = JSON.stringify(change.languages);
  if (change.skills !== undefined) values['skills'] = JSON.stringify(change.skills);
  await db('member_profiles').where({ community_id: community, user_id: userId }).update(values);
}
