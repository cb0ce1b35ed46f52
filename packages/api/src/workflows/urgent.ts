// Urgent mode: a coordinator launches notification waves for an open need; the engine plans them
// from the community's current snapshot, and each planned notification is recorded. The record
// is the notification: no SMS or push is sent, a volunteer reads theirs once its time has come.
// The recorded times are the cooldown's state, so a volunteer is not told twice within the
// cooldown across needs and across repeated launches, and never twice of one need.
import { defaultUrgentPolicy, planUrgentWaves } from '@linli/matching';
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import { lockCommunity } from '../communities.js';
import { toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { getAssignment, holdSlot, nextHoldIdOf, type AssignmentView } from './assignments.js';
import { eligibleNow, matchableNeed, newAssignmentId } from './matching.js';
import { requireNeedRow } from './needs.js';
import {
  confirmedAssignmentId,
  confirmedCounts,
  deleteProposals,
  insertAssignmentRow,
  involvedVolunteers,
  proposalRows,
} from './queries/assignments.js';
import {
  insertNotifications,
  lastNotifiedSince,
  notifiedBy,
  notifiedNeedRows,
  notifiedVolunteers,
} from './queries/urgent-notifications.js';
import { lockVolunteerProfile } from './queries/volunteer-profiles.js';
import type { NotificationView, UrgentLaunchView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { NotificationView, UrgentLaunchView, UrgentWaveView } from '@linli/contract';

/** The engine's default waves: 5, 10, 20, 40 volunteers, 10 minutes apart, a 2-hour cooldown. */
export const urgentPolicy = defaultUrgentPolicy;
/** How far back a volunteer's notifications are listed. */
export const notificationsShownDays = 30;
/** Notifications one list answers, newest first. */
export const notificationsShownMax = 100;

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
  const { need: target, facts } = await matchableNeed(deps.knex, community, needId, now);
  const cooldownMs = urgentPolicy.cooldownMinutes * 60_000;
  return deps.knex.transaction(async (trx) => {
    await lockCommunity(trx, community);
    const earlier = await notifiedVolunteers(trx, community, needId);
    const involved = await involvedVolunteers(trx, community, needId);
    const skip = new Set([...earlier, ...involved]);
    if (target.requester_id !== null) skip.add(target.requester_id);
    // Only a notification within the cooldown before now (or planned after now) can hold anyone back.
    const recent = await lastNotifiedSince(trx, community, new Date(now.getTime() - cooldownMs));
    const plan = planUrgentWaves(facts.snapshot, {
      needIds: [needId],
      nowMs: now.getTime(),
      lastNotifiedAtMs: new Map([...recent].map(([volunteer, last]) => [volunteer, last.getTime()])),
      skipVolunteerIds: new Map([[needId, skip]]),
      policy: urgentPolicy,
    });
    const rows = plan.waves.flatMap((wave) =>
      wave.volunteerIds.map((volunteerId) => ({
        need_id: needId,
        volunteer_id: volunteerId,
        wave: wave.wave,
        notify_at: new Date(wave.atMs),
        created_by: actor.userId,
        created_at: now,
      })),
    );
    await insertNotifications(trx, community, rows);
    // Counts only: who was told is in urgent_notifications, never repeated in the log.
    await recordAudit(
      trx,
      {
        community,
        actor: actor.userId,
        action: 'need.urgent_launched',
        target: `need:${needId}`,
        details: { waves: plan.waves.length, notified: rows.length, notifiedEarlier: earlier.length },
      },
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

/**
 * The urgent needs the calling member was notified of in the last notificationsShownDays, newest
 * first; a wave whose time has not come yet is not shown. Grid cell only, never the address.
 */
export async function listMyNotifications(deps: Deps, member: Principal): Promise<{ items: NotificationView[] }> {
  const community = member.community;
  const now = deps.now();
  const rows = await notifiedNeedRows(
    deps.knex,
    community,
    member.userId,
    { from: new Date(now.getTime() - notificationsShownDays * 86_400_000), to: now },
    notificationsShownMax,
  );
  const needIds = rows.map((row) => row.need_id);
  const counts = await confirmedCounts(deps.knex, community, needIds);
  const proposals = new Map<string, string>();
  if (needIds.length > 0) {
    const mine = await proposalRows(deps.knex, community, { needIds, volunteerId: member.userId });
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
  if (!(await notifiedBy(deps.knex, community, needId, volunteer, now)))
    throw new ApiError('not_found', { detail: `no urgent notification of need ${needId} for you` });
  const need = await requireNeedRow(deps.knex, community, needId);
  const held = await confirmedAssignmentId(deps.knex, community, needId, volunteer);
  if (held !== undefined) return getAssignment(deps, member, held);
  await eligibleNow(deps.knex, community, need, volunteer, now);
  const id = newAssignmentId();
  const recorded = await holdSlot(
    deps,
    member,
    needId,
    { id, volunteer, holdId: nextHoldIdOf(id, null) },
    {
      due: async () => {
        await lockVolunteerProfile(deps.knex, community, volunteer);
        return (await confirmedAssignmentId(deps.knex, community, needId, volunteer)) === undefined;
      },
      record: async (locked, slot) => {
        const proposal = await eligibleNow(deps.knex, community, locked, volunteer, now);
        // My proposal for the need, if a batch run made one, gives way to the claim.
        await deleteProposals(deps.knex, community, { needId, volunteerId: volunteer });
        await insertAssignmentRow(deps.knex, community, {
          id,
          need_id: needId,
          volunteer_id: volunteer,
          status: 'accepted',
          slot,
          hold_id: nextHoldIdOf(id, null),
          cost_parts: JSON.stringify(proposal.costParts),
          cost: proposal.cost,
          distance_m: proposal.distanceM,
          updated_by: volunteer,
          created_at: now,
          updated_at: now,
        });
      },
    },
  );
  if (recorded) return getAssignment(deps, member, id);
  // Another claim of mine confirmed me first.
  const first = await confirmedAssignmentId(deps.knex, community, needId, volunteer);
  if (first === undefined) throw new Error(`assertion: claim of need ${needId} found a confirmed assignment that is gone`);
  return getAssignment(deps, member, first);
}
