// Queries on `volunteer_profiles`: what the matching engine knows of a member who volunteers.
// One row type describes the table; readers shape it into views.
import type { Knex } from 'knex';

export interface VolunteerProfileRow {
  community_id: string;
  user_id: string;
  /** jsonb: `{ skill, level }[]`. */
  skills: unknown;
  /** jsonb: `{ name, expiresOn }[]`. */
  certificates: unknown;
  grid_cell: string;
  place_east_m: number;
  place_north_m: number;
  travel_radius_m: number;
  /** jsonb: `{ weekday, startMinute, endMinute }[]`. */
  weekly_availability: unknown;
  weekly_hour_cap: string;
  updated_at: Date | string;
}

/** The columns a profile is written with (the key and time come separately). */
export type VolunteerProfileValues = Omit<VolunteerProfileRow, 'community_id' | 'user_id' | 'updated_at'>;

/** Adds or replaces a member's volunteer profile (the member profile must exist). */
export async function upsertVolunteerProfileRow(
  db: Knex,
  community: string,
  userId: string,
  values: VolunteerProfileValues,
  now: Date,
): Promise<void> {
  const row = { ...values, updated_at: now };
  await db('volunteer_profiles')
    .insert({ community_id: community, user_id: userId, ...row })
    .onConflict(['community_id', 'user_id'])
    .merge(row);
}

export async function findVolunteerProfileRow(db: Knex, community: string, userId: string): Promise<VolunteerProfileRow | undefined> {
  return (await db('volunteer_profiles').first().where({ community_id: community, user_id: userId })) as VolunteerProfileRow | undefined;
}

/**
 * Locks the volunteer's profile row to the end of the transaction: whatever confirms this
 * volunteer on a need (an accept, a claim) runs under it, so two of them cannot together break
 * the conflict or weekly-cap rule.
 */
export async function lockVolunteerProfile(db: Knex, community: string, userId: string): Promise<void> {
  await db('volunteer_profiles').first('user_id').where({ community_id: community, user_id: userId }).forUpdate();
}

/** The community's volunteers whose account is not disabled, with the languages of their member profile. */
export async function activeVolunteerRows(db: Knex, community: string): Promise<(VolunteerProfileRow & { languages: unknown })[]> {
  return (await db({ v: 'volunteer_profiles' })
    .select('v.*', 'm.languages')
    .join({ m: 'member_profiles' }, function joinMember() {
      this.on('m.community_id', '=', 'v.community_id').andOn('m.user_id', '=', 'v.user_id');
    })
    .join({ u: 'users' }, function joinUser() {
      this.on('u.community_id', '=', 'v.community_id').andOn('u.id', '=', 'v.user_id');
    })
    .where({ 'v.community_id': community })
    .whereNull('u.disabled_at')
    .orderByRaw('v.user_id collate "C"')) as (VolunteerProfileRow & { languages: unknown })[];
}
