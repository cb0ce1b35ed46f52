// Volunteer profiles: what a member tells the matching engine of themselves (skills, certificates,
// grid cell and place, travel radius, weekly availability and hour cap).
import type { Knex } from 'knex';
import { toIso } from '../database-values.js';
import { jsonValue, roundPlace, type Place } from './needs.js';
import { findVolunteerProfileRow, upsertVolunteerProfileRow } from './queries/volunteer-profiles.js';

export interface VolunteerProfileInput {
  skills: { skill: string; level: 1 | 2 | 3 }[];
  certificates: { name: string; expiresOn: string }[];
  gridCell: string;
  place: Place;
  travelRadiusM: number;
  weeklyAvailability: { weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7; startMinute: number; endMinute: number }[];
  weeklyHourCap: string;
}

export interface VolunteerProfileView extends VolunteerProfileInput {
  updatedAt: string;
}

/** Adds or replaces a member's volunteer profile (the member profile must exist); places rounded. */
export async function upsertVolunteerProfile(
  db: Knex,
  community: string,
  userId: string,
  profile: VolunteerProfileInput,
  now: Date,
): Promise<void> {
  await upsertVolunteerProfileRow(
    db,
    community,
    userId,
    {
      skills: JSON.stringify(profile.skills),
      certificates: JSON.stringify(profile.certificates),
      grid_cell: profile.gridCell,
      place_east_m: roundPlace(profile.place.eastM),
      place_north_m: roundPlace(profile.place.northM),
      travel_radius_m: profile.travelRadiusM,
      weekly_availability: JSON.stringify(profile.weeklyAvailability),
      weekly_hour_cap: profile.weeklyHourCap,
    },
    now,
  );
}

/**
 * A member's volunteer profile as stored, in the shape the PUT takes (so a form can send it back),
 * or undefined when none is stored. jsonb keeps no key order, so each entry is rebuilt field by field.
 */
export async function findVolunteerProfile(db: Knex, community: string, userId: string): Promise<VolunteerProfileView | undefined> {
  const row = await findVolunteerProfileRow(db, community, userId);
  if (row === undefined) return undefined;
  return {
    skills: jsonValue<VolunteerProfileInput['skills']>(row.skills).map(({ skill, level }) => ({ skill, level })),
    certificates: jsonValue<VolunteerProfileInput['certificates']>(row.certificates).map(({ name, expiresOn }) => ({ name, expiresOn })),
    gridCell: row.grid_cell,
    place: { eastM: row.place_east_m, northM: row.place_north_m },
    travelRadiusM: row.travel_radius_m,
    weeklyAvailability: jsonValue<VolunteerProfileInput['weeklyAvailability']>(row.weekly_availability).map(
      ({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute }),
    ),
    weeklyHourCap: row.weekly_hour_cap,
    updatedAt: toIso(row.updated_at),
  };
}
