// Service needs and volunteer profiles: what the matching engine reads, stored per community.
// A need's exact address is sealed and shown only to coordinators, the requester and the
// volunteers confirmed on it; everyone else sees the grid cell (网格) and an approximate place.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Principal } from '../auth/roles.js';
import { toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { confirmedAssignmentId, confirmedCounts } from './queries/assignments.js';
import { findMemberProfiles } from './queries/member-profiles.js';
import { findNeedRow, insertNeedRow, needRowsPage, type NeedRow, type NeedStatus } from './queries/needs.js';
import type { NeedInput, NeedView, VolunteerProfile } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { NeedInput, NeedView, Place, VolunteerProfileView } from '@linli/contract';
/** A volunteer profile as the api reads its request (certificates defaulted). */
export type VolunteerProfileInput = VolunteerProfile;

export type { NeedPayer, NeedRow, NeedStatus } from './queries/needs.js';

/** Places are kept rounded to this many metres, so none locates a door. */
export const placeRoundingM = 100;

export function roundPlace(metres: number): number {
  return Math.round(metres / placeRoundingM) * placeRoundingM;
}

export function jsonValue<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export const addressContext = (community: string, id: string): string => `${community}/needs/${id}/address`;

export function isManager(principal: Principal): boolean {
  return principal.role === 'coordinator' || principal.role === 'admin';
}

/** The need; locked to the end of the transaction when `lock` (what confirms volunteers on it runs one at a time). Refusal: `not_found`. */
export async function requireNeedRow(db: Knex, community: string, id: string, options: { lock?: boolean } = {}): Promise<NeedRow> {
  const row = await findNeedRow(db, community, id, options);
  if (row === undefined) throw new ApiError('not_found', { detail: `no need ${id}` });
  return row;
}

async function seesAddress(db: Knex, viewer: Principal, row: NeedRow, community: string): Promise<boolean> {
  if (row.address_sealed === null) return false;
  if (isManager(viewer) || row.requester_id === viewer.userId) return true;
  if (viewer.role !== 'member') return false;
  return (await confirmedAssignmentId(db, community, row.id, viewer.userId)) !== undefined;
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
export async function createNeed(
  deps: NeedDeps,
  actor: Principal,
  input: NeedInput,
  idempotencyKey: string | undefined,
): Promise<NeedView> {
  const community = actor.community;
  if (idempotencyKey === undefined) throw new Error('assertion: posting a need needs an idempotent route');
  const id = `need-${createHash('sha256').update(`${community}\n${actor.userId}\nneed\n${idempotencyKey}`).digest('hex').slice(0, 16)}`;
  const problems: { pointer: string; detail: string }[] = [];
  let requester = input.requester ?? null;
  if (!isManager(actor)) {
    if (requester !== null && requester !== actor.userId)
      problems.push({ pointer: '/requester', detail: 'a member posts needs only for themselves' });
    if (input.payer !== 'requester') problems.push({ pointer: '/payer', detail: 'a member’s need is paid with their own hours' });
    requester = actor.userId;
  }
  if (input.payer === 'requester' && requester === null)
    problems.push({ pointer: '/requester', detail: 'a need paid by its requester names the requester' });
  const start = Date.parse(input.window.start);
  const end = Date.parse(input.window.end);
  if (!(end > start)) problems.push({ pointer: '/window/end', detail: 'the window ends after it starts' });
  else if (end - start > needWindowHoursMax * 3_600_000)
    problems.push({ pointer: '/window/end', detail: `a window is at most ${needWindowHoursMax} hours` });
  if (Number(input.hoursPerSlot) * 3_600_000 > end - start)
    problems.push({ pointer: '/hoursPerSlot', detail: 'the hours do not fit in the window' });
  if (problems.length > 0) throw new ApiError('validation_failed', { errors: problems.map((problem) => ({ in: 'body', ...problem })) });
  if (requester !== null) {
    if (!(await findMemberProfiles(deps.knex, community, [requester])).has(requester))
      throw new ApiError('not_found', { detail: `no member ${requester}` });
  }
  const existing = await findNeedRow(deps.knex, community, id);
  if (existing === undefined) {
    await insertNeedRow(deps.knex, community, {
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
    });
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
export async function listNeeds(
  deps: Deps,
  viewer: Principal,
  query: { status?: NeedStatus | undefined; limit: number; after?: string | undefined },
): Promise<{ items: NeedView[]; next: string | null }> {
  const community = viewer.community;
  const rows = await needRowsPage(deps.knex, community, query);
  const page = rows.slice(0, query.limit);
  const counts = await confirmedCounts(
    deps.knex,
    community,
    page.map((row) => row.id),
  );
  return {
    items: page.map((row) => needView(deps, community, row, counts.get(row.id) ?? 0, false)),
    next: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
