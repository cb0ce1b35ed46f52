// Urgent mode: a coordinator launches notification waves for an open need; the engine plans them
// from the community's current snapshot, and each planned notification is recorded. The record
// is the notification: no SMS or push is sent, a volunteer reads theirs once its time has come.
// The recorded times are the cooldown's state, so a volunteer is not told twice within the
// cooldown across needs and across repeated launches, and never twice of one need.
import { defaultUrgentPolicy, planUrgentWaves } from '@linli/matching';
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import { toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { getAssignment, holdSlot, releaseHold, type AssignmentView } from './assignments.js';
import { eligibleNow, matchingHorizonDays, newAssignmentId, readFacts } from './matching.js';
import { confirmedCounts, confirmedStatuses, requireNeedRow, type NeedRow } from './needs.js';
import type { NotificationView, UrgentLaunchView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { NotificationView, UrgentLaunchView, UrgentWaveView } from '@linli/contract';

/** The engine's default waves: 5, 10, 20, 40 volunteers, 10 minutes apart, a 2-hour cooldown. */
export const urgentPolicy = defaultUrgentPolicy;
/** How far back a volunteer's notifications are listed. */
export const notificationsShownDays = 30;
/** Notifications one list answers, newest first. */
export const notificationsShownMax = 100;

interface TimeRow {
  volunteer_id: string;
  last: Date | string;
}

/**
 * Plans and records urgent waves for one open need in matching's horizon. Volunteers already told
 * of it, those who declined or hold a slot of it, and its requester are skipped; anyone told of
 * any need within the cooldown keeps their place for a later wave. Launches in one community run
 * one at a time (the community row is locked), so two launches cannot both notify one person.
 * Each launch is written to the audit log (`need.urgent_launched`, with counts). Refusals: `not_found`, `need_not_open`.
 */
export async function launchUrgent(deps: Deps, actor: Principal, needId: string): Promise<UrgentLaunchView> {
  const community = actor.community;
  const now = deps.now();
  const target = await requireNeedRow(deps.knex, community, needId);
  if (target.status !== 'open') throw new ApiError('need_not_open', { detail: `need ${needId} is ${target.status}` });
  if (new Date(target.window_end).getTime() <= now.getTime()) throw new ApiError('need_not_open', { detail: `need ${needId}'s window is over` });
  const facts = await readFacts(deps.knex, community, now);
  if (!facts.needs.has(needId)) throw new ApiError('need_not_open', { detail: `need ${needId} starts more than ${matchingHorizonDays} days ahead` });
  const cooldownMs = urgentPolicy.cooldownMinutes * 60_000;
  return deps.knex.transaction(async (trx) => {
    await trx('community_profiles').first('community_id').where({ community_id: community }).forUpdate();
    const earlier = (await trx('urgent_notifications').select('volunteer_id').where({ community_id: community, need_id: needId })) as { volunteer_id: string }[];
    const involved = (await trx('assignments')
      .select('volunteer_id')
      .where({ community_id: community, need_id: needId })
      .whereIn('status', ['declined', ...confirmedStatuses])) as { volunteer_id: string }[];
    const skip = new Set([...earlier, ...involved].map((row) => row.volunteer_id));
    if (target.requester_id !== null) skip.add(target.requester_id);
    // Only a notification within the cooldown before now (or planned after now) can hold anyone back.
    const recent = (await trx('urgent_notifications')
      .select('volunteer_id')
      .max({ last: 'notify_at' })
      .where({ community_id: community })
      .andWhere('notify_at', '>', new Date(now.getTime() - cooldownMs))
      .groupBy('volunteer_id')) as TimeRow[];
    const plan = planUrgentWaves(facts.snapshot, {
      needIds: [needId],
      nowMs: now.getTime(),
      lastNotifiedAtMs: new Map(recent.map((row) => [row.volunteer_id, new Date(row.last).getTime()])),
      skipVolunteerIds: new Map([[needId, skip]]),
      policy: urgentPolicy,
    });
    const rows = plan.waves.flatMap((wave) =>
      wave.volunteerIds.map((volunteerId) => ({ community_id: community, need_id: needId, volunteer_id: volunteerId, wave: wave.wave, notify_at: new Date(wave.atMs), created_by: actor.userId, created_at: now })),
    );
    if (rows.length > 0) await trx('urgent_notifications').insert(rows);
    // Counts only: who was told is in urgent_notifications, never repeated in the log.
    await recordAudit(
      trx,
      { community, actor: actor.userId, action: 'need.urgent_launched', target: `need:${needId}`, details: { waves: plan.waves.length, notified: rows.length, notifiedEarlier: earlier.length } },
      now,
    );
    return {
      need: needId,
      launchedAt: now.toISOString(),
      cooldownMinutes: urgentPolicy.cooldownMinutes,
      waves: plan.waves.map((wave) => ({ wave: wave.wave, at: new Date(wave.atMs).toISOString(), volunteers: wave.volunteerIds })),
      notified: rows.length,
      notifiedEarlier: earlier.length,
    };
  });
}

interface NotificationRow {
  need_id: string;
  title: string;
  urgency: number;
  grid_cell: string;
  window_start: Date | string;
  window_end: Date | string;
  hours_per_slot: string;
  slots: number;
  status: string;
  wave: number;
  notify_at: Date | string;
}

/**
 * The urgent needs the calling member was notified of in the last notificationsShownDays, newest
 * first; a wave whose time has not come yet is not shown. Grid cell only, never the address.
 */
export async function listMyNotifications(deps: Deps, member: Principal): Promise<{ items: NotificationView[] }> {
  const community = member.community;
  const now = deps.now();
  const rows = (await deps
    .knex({ u: 'urgent_notifications' })
    .select('u.need_id', 'n.title', 'n.urgency', 'n.grid_cell', 'n.window_start', 'n.window_end', 'n.hours_per_slot', 'n.slots', 'n.status', 'u.wave', 'u.notify_at')
    .join({ n: 'needs' }, function joinNeed() {
      this.on('n.community_id', '=', 'u.community_id').andOn('n.id', '=', 'u.need_id');
    })
    .where({ 'u.community_id': community, 'u.volunteer_id': member.userId })
    .andWhere('u.notify_at', '<=', now)
    .andWhere('u.notify_at', '>', new Date(now.getTime() - notificationsShownDays * 86_400_000))
    .orderBy('u.notify_at', 'desc')
    .orderBy('u.need_id')
    .limit(notificationsShownMax)) as NotificationRow[];
  const needIds = rows.map((row) => row.need_id);
  const counts = await confirmedCounts(deps.knex, community, needIds);
  const proposals = new Map<string, string>();
  if (needIds.length > 0) {
    const mine = (await deps.knex('assignments').select('id', 'need_id').where({ community_id: community, volunteer_id: member.userId, status: 'proposed' }).whereIn('need_id', needIds)) as { id: string; need_id: string }[];
    for (const row of mine) proposals.set(row.need_id, row.id);
  }
  return {
    items: rows.map((row) => {
      const confirmedSlots = counts.get(row.need_id) ?? 0;
      return {
        need: row.need_id,
        title: row.title,
        urgency: row.urgency,
        gridCell: row.grid_cell,
        window: { start: toIso(row.window_start), end: toIso(row.window_end) },
        hoursPerSlot: row.hours_per_slot,
        slots: row.slots,
        confirmedSlots,
        open: row.status === 'open' && new Date(row.window_end).getTime() > now.getTime() && confirmedSlots < row.slots,
        wave: row.wave,
        notifiedAt: toIso(row.notify_at),
        assignment: proposals.get(row.need_id) ?? null,
      };
    }),
  };
}

/** The volunteer's confirmed assignment on the need, if any. */
async function confirmedOn(db: Knex, community: string, needId: string, volunteerId: string): Promise<string | undefined> {
  const row = (await db('assignments').first('id').where({ community_id: community, need_id: needId, volunteer_id: volunteerId }).whereIn('status', [...confirmedStatuses])) as { id: string } | undefined;
  return row?.id;
}

/**
 * A notified volunteer takes a slot of the urgent need directly: a confirmed (accepted) assignment
 * and the hold on the payer's hours, exactly as accepting a proposal gives (`holdSlot`), first come
 * first served. The engine's rules are checked on the current snapshot, and again inside the
 * transaction that writes the assignment while the volunteer's profile row is locked, so two
 * claims of one volunteer at once cannot together break the conflict or weekly-cap rule. My
 * proposal for the need, if a batch run made one, gives way to the claim. Claiming again answers
 * the assignment already held. Refusals, in order: `not_found` (no notification of this need for
 * the caller whose time has come), `need_not_open`, `not_a_volunteer`, `volunteer_not_eligible`,
 * `need_full` (every slot taken, also when another volunteer took the last one first), and the
 * ledger's (`exceeds_lower_limit` when the payer has too few hours).
 */
export async function claimNotifiedSlot(deps: Deps, member: Principal, needId: string): Promise<AssignmentView> {
  const community = member.community;
  const volunteer = member.userId;
  const now = deps.now();
  const notified = await deps.knex('urgent_notifications').first('wave').where({ community_id: community, need_id: needId, volunteer_id: volunteer }).andWhere('notify_at', '<=', now);
  if (notified === undefined) throw new ApiError('not_found', { detail: `no urgent notification of need ${needId} for you` });
  const need = await requireNeedRow(deps.knex, community, needId);
  const held = await confirmedOn(deps.knex, community, needId, volunteer);
  if (held !== undefined) return getAssignment(deps, member, held);
  await eligibleNow(deps.knex, community, need, volunteer, now);
  const id = newAssignmentId();
  // Holds of acceptances of my proposal that were interrupted: voided once the proposal is gone.
  let givenWay: { hold_id: string | null }[] = [];
  const recorded = await holdSlot(deps, member, need, { id, volunteer }, async (trx, slot, holdId) => {
    givenWay = [];
    await trx('volunteer_profiles').first('user_id').where({ community_id: community, user_id: volunteer }).forUpdate();
    if ((await confirmedOn(trx, community, needId, volunteer)) !== undefined) return false;
    const proposal = await eligibleNow(trx, community, need, volunteer, now);
    givenWay = (await trx('assignments').where({ community_id: community, need_id: needId, volunteer_id: volunteer, status: 'proposed' }).delete().returning('hold_id')) as { hold_id: string | null }[];
    await trx('assignments').insert({
      community_id: community,
      id,
      need_id: needId,
      volunteer_id: volunteer,
      status: 'accepted',
      slot,
      hold_id: holdId,
      cost_parts: JSON.stringify(proposal.costParts),
      cost: proposal.cost,
      distance_m: proposal.distanceM,
      updated_by: volunteer,
      created_at: now,
      updated_at: now,
    });
    return true;
  });
  if (recorded) {
    for (const row of givenWay) await releaseHold(deps, member, row);
    return getAssignment(deps, member, id);
  }
  // Another claim of mine confirmed me first.
  const first = await confirmedOn(deps.knex, community, needId, volunteer);
  if (first === undefined) throw new Error(`assertion: claim of need ${needId} found a confirmed assignment that is gone`);
  return getAssignment(deps, member, first);
}
