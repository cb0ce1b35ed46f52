// Queries on `needs`: service needs as stored, one row type.
import type { Knex } from 'knex';

export type NeedStatus = 'open' | 'closed' | 'cancelled';
export type NeedPayer = 'requester' | 'pool';

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

export async function findNeedRow(db: Knex, community: string, id: string, options: { lock?: boolean } = {}): Promise<NeedRow | undefined> {
  const query = db('needs').where({ community_id: community, id }).first();
  return (await (options.lock === true ? query.forUpdate() : query)) as NeedRow | undefined;
}

/** Inserts the need unless its id is stored already (a repeat of the same post). */
export async function insertNeedRow(db: Knex, community: string, row: NeedRow): Promise<void> {
  await db('needs')
    .insert({ community_id: community, ...row })
    .onConflict(['community_id', 'id'])
    .ignore();
}

/** A page of needs by id in byte order, one more than `limit` to tell whether a next page exists. */
export async function needRowsPage(
  db: Knex,
  community: string,
  page: { status?: NeedStatus | undefined; limit: number; after?: string | undefined },
): Promise<NeedRow[]> {
  let select = db('needs')
    .where({ community_id: community })
    .orderByRaw('id collate "C"')
    .limit(page.limit + 1);
  if (page.status !== undefined) select = select.andWhere({ status: page.status });
  if (page.after !== undefined) select = select.andWhereRaw('id collate "C" > ?', [page.after]);
  return (await select) as NeedRow[];
}

/** Open needs whose window is not over and starts before `until`, soonest first, at most `max`. */
export async function openNeedRows(db: Knex, community: string, now: Date, until: Date, max: number): Promise<NeedRow[]> {
  return (await db('needs')
    .where({ community_id: community, status: 'open' })
    .andWhere('window_end', '>', now)
    .andWhere('window_start', '<', until)
    .orderBy('window_start')
    .orderByRaw('id collate "C"')
    .limit(max)) as NeedRow[];
}
