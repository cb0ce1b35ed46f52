// Service needs and volunteer profiles: what the matching engine reads, stored per community.
// A need's exact address is sealed and shown only to coordinators, the requester and the
// volunteers confirmed on it; everyone else sees the grid cell (网格) and an approximate place.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Principal } from '../auth/roles.js';
import { toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import type { NeedInput, NeedView, VolunteerProfile, VolunteerProfileView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { NeedInput, NeedView, Place, VolunteerProfileView } from '@linli/contract';
/** A volunteer profile as the api reads its request (certificates defaulted). */
export type VolunteerProfileInput = VolunteerProfile;

export type NeedStatus = 'open' | 'closed' | 'cancelled';
export type NeedPayer = 'requester' | 'pool';

/** Assignment statuses that hold a slot: the volunteer is confirmed. */
export const confirmedStatuses = ['accepted', 'checked_in', 'checked_out', 'approved'] as const;

/** Places are kept rounded to this many metres, so none locates a door. */
export const placeRoundingM = 100;

export function roundPlace(metres: number): number {
  return Math.round(metres / placeRoundingM) * placeRoundingM;
}

export interface NeedRow {
  id: string;
  title: string;
  requester_id: string | null;
  payer: NeedPayer;
  skills: unknown;
  certificates: unknown;
  languages: unknown;
  grid_cell: string;
  place_east_m: number;
  place_north_m: number;
  address_sealed: string | null;
  window_start: Date | string;
  window_end: Date | string;
  slots: number;
  hours_per_slot: string;
  urgency: number;
  status: NeedStatus;
  created_by: string;
  created_at: Date | string;
}

export function jsonValue<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export const addressContext = (community: string, id: string): string => `${community}/needs/${id}/address`;

export function isManager(principal: Principal): boolean {
  return principal.role === 'coordinator' || principal.role === 'admin';
}

export async function findNeedRow(db: Knex, community: string, id: string): Promise<NeedRow | undefined> {
  return (await db('needs').where({ community_id: community, id }).first()) as NeedRow | undefined;
}

export async function requireNeedRow(db: Knex, community: string, id: string): Promise<NeedRow> {
  const row = await findNeedRow(db, community, id);
  if (row === undefined) throw new ApiError('not_found', { detail: `no need ${id}` });
  return row;
}

/** Confirmed assignments per need (accepted onwards), for the needs named. */
export async function confirmedCounts(db: Knex, community: string, needIds: readonly string[]): Promise<Map<string, number>> {
  if (needIds.length === 0) return new Map();
  const rows = (await db('assignments')
    .select('need_id')
    .count({ count: '*' })
    .where({ community_id: community })
    .whereIn('need_id', needIds)
    .whereIn('status', [...confirmedStatuses])
    .groupBy('need_id')) as { need_id: string; count: string | number }[];
  return new Map(rows.map((row) => [row.need_id, Number(row.count)]));
}

async function seesAddress(db: Knex, viewer: Principal, row: NeedRow, community: string): Promise<boolean> {
  if (row.address_sealed === null) return false;
  if (isManager(viewer) || row.requester_id === viewer.userId) return true;
  if (viewer.role !== 'member') return false;
  const confirmed = (await db('assignments')
    .first('id')
    .where({ community_id: community, need_id: row.id, volunteer_id: viewer.userId })
    .whereIn('status', [...confirmedStatuses])) as { id: string } | undefined;
  return confirmed !== undefined;
}

export function needView(deps: Pick<Deps, 'sealer'>, community: string, row: NeedRow, confirmed: number, showAddress: boolean): NeedView {
  return {
    id: row.id,
    title: row.title,
    requester: row.requester_id,
    payer: row.payer,
    skills: jsonValue<string[]>(row.skills),
    certificates: jsonValue<string[]>(row.certificates),
    languages: jsonValue<string[]>(row.languages),
    gridCell: row.grid_cell,
    place: { eastM: row.place_east_m, northM: row.place_north_m },
    address: showAddress && row.address_sealed !== null ? deps.sealer.open(row.address_sealed, addressContext(community, row.id)) : null,
    window: { start: toIso(row.window_start), end: toIso(row.window_end) },
    slots: row.slots,
    confirmedSlots: confirmed,
    hoursPerSlot: row.hours_per_slot,
    urgency: row.urgency,
    status: row.status,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

/** What posting and reading a need use (the demo seed passes its own). */
export type NeedDeps = Pick<Deps, 'knex' | 'sealer' | 'now'>;

/** Longest need window the engine takes (hours). */
export const needWindowHoursMax = 24;

/**
 * Posts a need. A member posts only for themselves and pays with their own hours; coordinators
 * name any member as requester, or none for a pool-paid need. The id derives from the
 * idempotency key. Refusals: `validation_failed` (window, requester, payer), `not_found` (requester).
 */
export async function createNeed(deps: NeedDeps, actor: Principal, input: NeedInput, idempotencyKey: string | undefined): Promise<NeedView> {
  const community = actor.community;
  if (idempotencyKey === undefined) throw new Error('assertion: posting a need needs an idempotent route');
  const id = `need-${createHash('sha256').update(`${community}\n${actor.userId}\nneed\n${idempotencyKey}`).digest('hex').slice(0, 16)}`;
  const problems: { pointer: string; detail: string }[] = [];
  let requester = input.requester ?? null;
  if (!isManager(actor)) {
    if (requester !== null && requester !== actor.userId) problems.push({ pointer: '/requester', detail: 'a member posts needs only for themselves' });
    if (input.payer !== 'requester') problems.push({ pointer: '/payer', detail: 'a member’s need is paid with their own hours' });
    requester = actor.userId;
  }
  if (input.payer === 'requester' && requester === null) problems.push({ pointer: '/requester', detail: 'a need paid by its requester names the requester' });
  const start = Date.parse(input.window.start);
  const end = Date.parse(input.window.end);
  if (!(end > start)) problems.push({ pointer: '/window/end', detail: 'the window ends after it starts' });
  else if (end - start > needWindowHoursMax * 3_600_000) problems.push({ pointer: '/window/end', detail: `a window is at most ${needWindowHoursMax} hours` });
  if (Number(input.hoursPerSlot) * 3_600_000 > end - start) problems.push({ pointer: '/hoursPerSlot', detail: 'the hours do not fit in the window' });
  if (problems.length > 0) throw new ApiError('validation_failed', { errors: problems.map((problem) => ({ in: 'body', ...problem })) });
  if (requester !== null) {
    const member = (await deps.knex('member_profiles').first('user_id').where({ community_id: community, user_id: requester })) as unknown;
    if (member === undefined) throw new ApiError('not_found', { detail: `no member ${requester}` });
  }
  const existing = await findNeedRow(deps.knex, community, id);
  if (existing === undefined) {
    await deps.knex('needs')
      .insert({
        community_id: community,
        id,
        title: input.title,
        requester_id: requester,
        payer: input.payer,
        skills: JSON.stringify(input.skills),
        certificates: JSON.stringify(input.certificates),
        languages: JSON.stringify(input.languages),
        grid_cell: input.gridCell,
        place_east_m: roundPlace(input.place.eastM),
        place_north_m: roundPlace(input.place.northM),
        address_sealed: input.address === undefined ? null : deps.sealer.seal(input.address, addressContext(community, id)),
        window_start: new Date(start),
        window_end: new Date(end),
        slots: input.slots,
        hours_per_slot: input.hoursPerSlot,
        urgency: input.urgency,
        status: 'open',
        created_by: actor.userId,
        created_at: deps.now(),
      })
      .onConflict(['community_id', 'id'])
      .ignore();
  }
  return getNeed(deps, actor, id);
}

export async function getNeed(deps: NeedDeps, viewer: Principal, id: string): Promise<NeedView> {
  const community = viewer.community;
  const row = await requireNeedRow(deps.knex, community, id);
  const counts = await confirmedCounts(deps.knex, community, [id]);
  return needView(deps, community, row, counts.get(id) ?? 0, await seesAddress(deps.knex, viewer, row, community));
}

/** Needs by window start, newest posted first within one start; no addresses in lists. */
export async function listNeeds(deps: Deps, viewer: Principal, query: { status?: NeedStatus | undefined; limit: number; after?: string | undefined }): Promise<{ items: NeedView[]; next: string | null }> {
  const community = viewer.community;
  let select = deps.knex('needs').where({ community_id: community }).orderByRaw('id collate "C"').limit(query.limit + 1);
  if (query.status !== undefined) select = select.andWhere({ status: query.status });
  if (query.after !== undefined) select = select.andWhereRaw('id collate "C" > ?', [query.after]);
  const rows = (await select) as NeedRow[];
  const page = rows.slice(0, query.limit);
  const counts = await confirmedCounts(deps.knex, community, page.map((row) => row.id));
  return { items: page.map((row) => needView(deps, community, row, counts.get(row.id) ?? 0, false)), next: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}

// ---- volunteer profiles ----

/** Adds or replaces a member's volunteer profile (the member profile must exist). */
export async function upsertVolunteerProfile(db: Knex, community: string, userId: string, profile: VolunteerProfileInput, now: Date): Promise<void> {
  const values = {
    skills: JSON.stringify(profile.skills),
    certificates: JSON.stringify(profile.certificates),
    grid_cell: profile.gridCell,
    place_east_m: roundPlace(profile.place.eastM),
    place_north_m: roundPlace(profile.place.northM),
    travel_radius_m: profile.travelRadiusM,
    weekly_availability: JSON.stringify(profile.weeklyAvailability),
    weekly_hour_cap: profile.weeklyHourCap,
    updated_at: now,
  };
  await db('volunteer_profiles')
    .insert({ community_id: community, user_id: userId, ...values })
    .onConflict(['community_id', 'user_id'])
    .merge(values);
}

interface VolunteerProfileRow {
  skills: unknown;
  certificates: unknown;
  grid_cell: string;
  place_east_m: number;
  place_north_m: number;
  travel_radius_m: number;
  weekly_availability: unknown;
  weekly_hour_cap: string;
  updated_at: Date | string;
}

/**
 * A member's volunteer profile as stored, in the shape the PUT takes (so a form can send it back),
 * or undefined when none is stored. jsonb keeps no key order, so each entry is rebuilt field by field.
 */
export async function findVolunteerProfile(db: Knex, community: string, userId: string): Promise<VolunteerProfileView | undefined> {
  const row = (await db('volunteer_profiles').first().where({ community_id: community, user_id: userId })) as VolunteerProfileRow | undefined;
  if (row === undefined) return undefined;
  return {
    skills: jsonValue<VolunteerProfileInput['skills']>(row.skills).map(({ skill, level }) => ({ skill, level })),
    certificates: jsonValue<VolunteerProfileInput['certificates']>(row.certificates).map(({ name, expiresOn }) => ({ name, expiresOn })),
    gridCell: row.grid_cell,
    place: { eastM: row.place_east_m, northM: row.place_north_m },
    travelRadiusM: row.travel_radius_m,
    weeklyAvailability: jsonValue<VolunteerProfileInput['weeklyAvailability']>(row.weekly_availability).map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute })),
    weeklyHourCap: row.weekly_hour_cap,
    updatedAt: toIso(row.updated_at),
  };
}
