// Queries on `assignments`: a volunteer on a need, from proposal to approval, one row type.
import type { Knex } from 'knex';

import { assignmentStatuses, type AssignmentStatus } from '@linli/contract';

export { assignmentStatuses, type AssignmentStatus };

/** Assignment statuses that hold a slot: the volunteer is confirmed. */
export const confirmedStatuses = ['accepted', 'checked_in', 'checked_out', 'approved'] as const;

export interface AssignmentRow {
  id: string;
  need_id: string;
  slot: number | null;
  volunteer_id: string;
  status: AssignmentStatus;
  cost_parts: unknown;
  cost: number;
  distance_m: number;
  hold_id: string | null;
  checked_in_at: Date | string | null;
  checked_out_at: Date | string | null;
  approved_hours: string | null;
  transaction_id: string | null;
  updated_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The unique index that keeps one volunteer to one confirmed assignment per need (migration 0313). */
export const volunteerConfirmedIndex = 'assignments_volunteer_confirmed';

export async function findAssignmentRow(
  db: Knex,
  community: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<AssignmentRow | undefined> {
  const query = db('assignments').where({ community_id: community, id }).first();
  return (await (options.lock === true ? query.forUpdate() : query)) as AssignmentRow | undefined;
}

export async function insertAssignmentRow(
  db: Knex,
  community: string,
  row: Omit<AssignmentRow, 'checked_in_at' | 'checked_out_at' | 'approved_hours' | 'transaction_id' | 'slot' | 'hold_id'> &
    Partial<AssignmentRow>,
): Promise<void> {
  await db('assignments').insert({ community_id: community, ...row });
}

/** Updates the assignment if it is in one of `from` (and matches `where`); false when it was not. */
export async function updateAssignmentFrom(
  db: Knex,
  community: string,
  id: string,
  from: readonly AssignmentStatus[],
  values: Partial<AssignmentRow>,
  where: Partial<AssignmentRow> = {},
): Promise<boolean> {
  const changed = await db('assignments')
    .where({ ...where, community_id: community, id })
    .whereIn('status', [...from])
    .update(values);
  return Number(changed) === 1;
}

/** Moves the assignment from one of `from` to `values.status`, answering the hold it carries; undefined when it was in none of `from`. */
export async function endAssignmentFrom(
  db: Knex,
  community: string,
  id: string,
  from: readonly AssignmentStatus[],
  values: Pick<AssignmentRow, 'status' | 'updated_by' | 'updated_at'>,
): Promise<{ hold_id: string | null } | undefined> {
  const moved = (await db('assignments')
    .where({ community_id: community, id })
    .whereIn('status', [...from])
    .update(values)
    .returning('hold_id')) as { hold_id: string | null }[];
  return moved[0];
}

/** The slots of the need that confirmed assignments hold. */
export async function takenSlots(db: Knex, community: string, needId: string): Promise<number[]> {
  const rows = (await db('assignments')
    .select('slot')
    .where({ community_id: community, need_id: needId })
    .whereIn('status', [...confirmedStatuses])) as { slot: number }[];
  return rows.map((row) => row.slot);
}

/** The volunteer's confirmed assignment on the need, if any. */
export async function confirmedAssignmentId(db: Knex, community: string, needId: string, volunteerId: string): Promise<string | undefined> {
  const row = (await db('assignments')
    .first('id')
    .where({ community_id: community, need_id: needId, volunteer_id: volunteerId })
    .whereIn('status', [...confirmedStatuses])) as { id: string } | undefined;
  return row?.id;
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

/** The assignments of a need, oldest first; of one volunteer only when `volunteerId` is given. */
export async function assignmentRowsOfNeed(db: Knex, community: string, needId: string, volunteerId?: string): Promise<AssignmentRow[]> {
  let query = db('assignments').where({ community_id: community, need_id: needId }).orderBy('created_at').orderByRaw('id collate "C"');
  if (volunteerId !== undefined) query = query.andWhere({ volunteer_id: volunteerId });
  return (await query) as AssignmentRow[];
}

/** Proposals of the needs named (all needs when `needIds` is absent), of one volunteer when given. */
export async function proposalRows(
  db: Knex,
  community: string,
  filter: { needIds?: readonly string[]; volunteerId?: string },
): Promise<Pick<AssignmentRow, 'id' | 'need_id' | 'volunteer_id'>[]> {
  let query = db('assignments').select('id', 'need_id', 'volunteer_id').where({ community_id: community, status: 'proposed' });
  if (filter.needIds !== undefined) query = query.whereIn('need_id', [...filter.needIds]);
  if (filter.volunteerId !== undefined) query = query.andWhere({ volunteer_id: filter.volunteerId });
  return (await query) as Pick<AssignmentRow, 'id' | 'need_id' | 'volunteer_id'>[];
}

/** Deletes proposals: those named, or the volunteer's on one need. */
export async function deleteProposals(
  db: Knex,
  community: string,
  which: { ids: readonly string[] } | { needId: string; volunteerId: string },
): Promise<void> {
  const query = db('assignments').where({ community_id: community, status: 'proposed' });
  if ('ids' in which) {
    if (which.ids.length > 0) await query.whereIn('id', [...which.ids]).delete();
  } else await query.andWhere({ need_id: which.needId, volunteer_id: which.volunteerId }).delete();
}

/** Need and volunteer of every declined assignment of the needs named. */
export async function declinedPairs(
  db: Knex,
  community: string,
  needIds: readonly string[],
): Promise<Pick<AssignmentRow, 'need_id' | 'volunteer_id'>[]> {
  return (await db('assignments')
    .select('need_id', 'volunteer_id')
    .where({ community_id: community, status: 'declined' })
    .whereIn('need_id', [...needIds])) as Pick<AssignmentRow, 'need_id' | 'volunteer_id'>[];
}

/** Volunteers who declined the need or are confirmed on it. */
export async function involvedVolunteers(db: Knex, community: string, needId: string): Promise<string[]> {
  const rows = (await db('assignments')
    .select('volunteer_id')
    .where({ community_id: community, need_id: needId })
    .whereIn('status', ['declined', ...confirmedStatuses])) as { volunteer_id: string }[];
  return rows.map((row) => row.volunteer_id);
}

/** Confirmed assignments per volunteer updated after `since`. */
export async function recentLoad(db: Knex, community: string, since: Date): Promise<Map<string, number>> {
  const rows = (await db('assignments')
    .select('volunteer_id')
    .count({ count: '*' })
    .where({ community_id: community })
    .whereIn('status', [...confirmedStatuses])
    .andWhere('updated_at', '>', since)
    .groupBy('volunteer_id')) as { volunteer_id: string; count: string | number }[];
  return new Map(rows.map((row) => [row.volunteer_id, Number(row.count)]));
}

/** Confirmed assignments whose need's window ends after `since`, with that window and the hours. */
export async function confirmedWithWindows(
  db: Knex,
  community: string,
  since: Date,
): Promise<{ need_id: string; volunteer_id: string; window_start: Date; window_end: Date; hours_per_slot: string }[]> {
  return (await db({ a: 'assignments' })
    .select('a.need_id', 'a.volunteer_id', 'n.window_start', 'n.window_end', 'n.hours_per_slot')
    .join({ n: 'needs' }, function joinNeed() {
      this.on('n.community_id', '=', 'a.community_id').andOn('n.id', '=', 'a.need_id');
    })
    .where({ 'a.community_id': community })
    .whereIn('a.status', [...confirmedStatuses])
    .andWhere('n.window_end', '>', since)) as {
    need_id: string;
    volunteer_id: string;
    window_start: Date;
    window_end: Date;
    hours_per_slot: string;
  }[];
}

/** An approved assignment as a service record: its need's title and day, the volunteer's name. */
export type ServiceRecordRow = Pick<AssignmentRow, 'id' | 'need_id' | 'volunteer_id' | 'updated_at'> & {
  approved_hours: string;
  transaction_id: string;
  title: string;
  window_start: Date | string;
  display_name: string;
};

function serviceRecordsQuery(db: Knex, community: string) {
  return db({ a: 'assignments' })
    .select(
      'a.id',
      'a.need_id',
      'a.volunteer_id',
      'a.approved_hours',
      'a.transaction_id',
      'a.updated_at',
      'n.title',
      'n.window_start',
      'u.display_name',
    )
    .join({ n: 'needs' }, function joinNeed() {
      this.on('n.community_id', '=', 'a.community_id').andOn('n.id', '=', 'a.need_id');
    })
    .join({ u: 'users' }, function joinUser() {
      this.on('u.community_id', '=', 'a.community_id').andOn('u.id', '=', 'a.volunteer_id');
    })
    .where({ 'a.community_id': community, 'a.status': 'approved' });
}

/** A page of service records by id in byte order (of one volunteer when given), one more than `limit`. */
export async function serviceRecordRowsPage(
  db: Knex,
  community: string,
  page: { volunteer?: string | undefined; limit: number; after?: string | undefined },
): Promise<ServiceRecordRow[]> {
  let select = serviceRecordsQuery(db, community)
    .orderByRaw('a.id collate "C"')
    .limit(page.limit + 1);
  if (page.volunteer !== undefined) select = select.andWhere({ 'a.volunteer_id': page.volunteer });
  if (page.after !== undefined) select = select.andWhereRaw('a.id collate "C" > ?', [page.after]);
  return (await select) as ServiceRecordRow[];
}

export async function findServiceRecordRow(db: Knex, community: string, id: string): Promise<ServiceRecordRow | undefined> {
  return (await serviceRecordsQuery(db, community).andWhere({ 'a.id': id }).first()) as ServiceRecordRow | undefined;
}
