// Queries on `urgent_notifications`: who was told of which urgent need, in which wave, from when.
import type { Knex } from 'knex';
import type { NeedRow } from './needs.js';

export interface UrgentNotificationRow {
  need_id: string;
  volunteer_id: string;
  wave: number;
  /** From when the volunteer reads it (its wave's time). */
  notify_at: Date | string;
  created_by: string;
  created_at: Date | string;
}

/** Volunteers told of the need already, in any wave. */
export async function notifiedVolunteers(db: Knex, community: string, needId: string): Promise<string[]> {
  const rows = (await db('urgent_notifications').select('volunteer_id').where({ community_id: community, need_id: needId })) as {
    volunteer_id: string;
  }[];
  return rows.map((row) => row.volunteer_id);
}

/** Each volunteer's latest notification after `since` (of any need), by volunteer. */
export async function lastNotifiedSince(db: Knex, community: string, since: Date): Promise<Map<string, Date>> {
  const rows = (await db('urgent_notifications')
    .select('volunteer_id')
    .max({ last: 'notify_at' })
    .where({ community_id: community })
    .andWhere('notify_at', '>', since)
    .groupBy('volunteer_id')) as { volunteer_id: string; last: Date | string }[];
  return new Map(rows.map((row) => [row.volunteer_id, new Date(row.last)]));
}

export async function insertNotifications(db: Knex, community: string, rows: readonly UrgentNotificationRow[]): Promise<void> {
  if (rows.length > 0) await db('urgent_notifications').insert(rows.map((row) => ({ community_id: community, ...row })));
}

/** Whether the volunteer was told of the need in a wave whose time has come by `now`. */
export async function notifiedBy(db: Knex, community: string, needId: string, volunteerId: string, now: Date): Promise<boolean> {
  return (
    (await db('urgent_notifications')
      .first('wave')
      .where({ community_id: community, need_id: needId, volunteer_id: volunteerId })
      .andWhere('notify_at', '<=', now)) !== undefined
  );
}

export type NotifiedNeedRow = Pick<UrgentNotificationRow, 'need_id' | 'wave' | 'notify_at'> &
  Pick<NeedRow, 'title' | 'urgency' | 'grid_cell' | 'window_start' | 'window_end' | 'hours_per_slot' | 'slots' | 'status'>;

/** The volunteer's notifications due between `from` and `to`, newest first, with their needs, at most `max`. */
export async function notifiedNeedRows(
  db: Knex,
  community: string,
  volunteerId: string,
  window: { from: Date; to: Date },
  max: number,
): Promise<NotifiedNeedRow[]> {
  return (await db({ u: 'urgent_notifications' })
    .select(
      'u.need_id',
      'n.title',
      'n.urgency',
      'n.grid_cell',
      'n.window_start',
      'n.window_end',
      'n.hours_per_slot',
      'n.slots',
      'n.status',
      'u.wave',
      'u.notify_at',
    )
    .join({ n: 'needs' }, function joinNeed() {
      this.on('n.community_id', '=', 'u.community_id').andOn('n.id', '=', 'u.need_id');
    })
    .where({ 'u.community_id': community, 'u.volunteer_id': volunteerId })
    .andWhere('u.notify_at', '<=', window.to)
    .andWhere('u.notify_at', '>', window.from)
    .orderBy('u.notify_at', 'desc')
    .orderBy('u.need_id')
    .limit(max)) as NotifiedNeedRow[];
}
