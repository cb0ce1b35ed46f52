// The assignment lifecycle: proposed → accepted (a hold on the payer's hours) → checked_in →
// checked_out → approved (the hold posts the approved hours, the rest goes back); or declined,
// cancelled (the hold voided) or no_show (recorded, the hold voided). Each step is safe to repeat:
// a step already taken answers the assignment as it is, and the ledger ids derive from the
// assignment id, so a retry after a crash between the ledger and this table finishes the step.
// An assignment that holds a slot always points at a pending hold until approval posts it: each
// attempt to accept a proposal uses a hold id of its own (`svc-hold/<id>`, then `/2`, `/3`, …),
// since the ledger answers a hold id used before with that hold as it is, voided or not.
import { AmountDecimal, books, LedgerRejection, type Hold } from '@linli/ledger';
import type { Knex } from 'knex';
import type { Principal } from '../auth/roles.js';
import { isUniqueViolation, toIso } from '../database-values.js';
import { bindDeps, type Deps } from '../deps.js';
import { ApiError, type ApiErrorCode } from '../http-errors.js';
import { eligibleNow } from './matching.js';
import { confirmedStatuses, isManager, requireNeedRow, type NeedRow } from './needs.js';

import { approvalsPerRequestMax, assignmentStatuses, type AssignmentStatus } from '@linli/contract';
import type { AssignmentView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { AssignmentView } from '@linli/contract';

export { approvalsPerRequestMax, assignmentStatuses, type AssignmentStatus };

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

const holdIdOf = (assignment: string): string => `svc-hold/${assignment}`;

/**
 * The hold id of the next attempt to accept an assignment whose last attempt used `previous` (null
 * before the first): `svc-hold/<id>`, then `svc-hold/<id>/2`, `svc-hold/<id>/3`, …
 */
export function nextHoldIdOf(assignment: string, previous: string | null): string {
  const first = holdIdOf(assignment);
  if (previous === null) return first;
  if (previous === first) return `${first}/2`;
  const attempt = previous.startsWith(`${first}/`) ? Number(previous.slice(first.length + 1)) : Number.NaN;
  if (!Number.isSafeInteger(attempt) || attempt < 2) throw new Error(`assertion: assignment ${assignment} carries the hold ${previous}`);
  return `${first}/${attempt + 1}`;
}

/** The unique index that keeps one volunteer to one confirmed assignment per need (migration 0313). */
const volunteerConfirmedIndex = 'assignments_volunteer_confirmed';

/** Rounds of one accept: a round that finds the acceptance taken over by another request, or a hold id resolved before, tries again. */
const acceptRoundsMax = 3;

/** The ledger answered the hold id with a hold resolved (posted, voided, expired) earlier, or with another body. */
class HoldIdUsed extends Error {}
const transactionIdOf = (assignment: string): string => `svc/${assignment}`;
const optionalIso = (value: Date | string | null): string | null => (value === null ? null : toIso(value));

function view(row: AssignmentRow, need: Pick<NeedRow, 'hours_per_slot'>): AssignmentView {
  return {
    id: row.id,
    need: row.need_id,
    slot: row.slot,
    volunteer: row.volunteer_id,
    status: row.status,
    cost: row.cost,
    costParts: (typeof row.cost_parts === 'string' ? JSON.parse(row.cost_parts) : row.cost_parts) as Record<string, number>,
    distanceM: row.distance_m,
    // A proposal may carry the hold of an acceptance in progress or one that failed; only an
    // assignment that took a slot shows its hold.
    hold: row.slot === null ? null : row.hold_id,
    heldHours: row.slot === null || row.hold_id === null ? null : need.hours_per_slot,
    checkedInAt: optionalIso(row.checked_in_at),
    checkedOutAt: optionalIso(row.checked_out_at),
    approvedHours: row.approved_hours,
    transaction: row.transaction_id,
    updatedAt: toIso(row.updated_at),
  };
}

/**
 * The assignment, if the caller may act on it: coordinators and admins any of their community's,
 * a member only their own (another's answers not_found, as another community's does).
 */
async function requireAssignment(db: Knex, actor: Principal, id: string): Promise<{ row: AssignmentRow; need: NeedRow }> {
  const row = (await db('assignments').where({ community_id: actor.community, id }).first()) as AssignmentRow | undefined;
  if (row === undefined || (!isManager(actor) && row.volunteer_id !== actor.userId)) throw new ApiError('not_found', { detail: `no assignment ${id}` });
  return { row, need: await requireNeedRow(db, actor.community, row.need_id) };
}

export async function getAssignment(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const { row, need } = await requireAssignment(deps.knex, actor, id);
  return view(row, need);
}

/** Moves the assignment from one of `from` (and matching `where`) to `to` with the values; false when it was not there any more. */
async function transition(db: Knex, actor: Principal, id: string, from: readonly AssignmentStatus[], to: AssignmentStatus, values: Record<string, unknown>, now: Date, where: Record<string, unknown> = {}): Promise<boolean> {
  const changed = await db('assignments')
    .where({ ...where, community_id: actor.community, id })
    .whereIn('status', [...from])
    .update({ status: to, updated_by: actor.userId, updated_at: now, ...values });
  return Number(changed) === 1;
}

function payerOf(need: NeedRow): books.HourPayer {
  return need.payer === 'pool' || need.requester_id === null ? 'pool' : { member: need.requester_id };
}

async function current(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  return getAssignment(deps, actor, id);
}

function refuse(code: ApiErrorCode, row: AssignmentRow): never {
  throw new ApiError(code, { detail: `assignment ${row.id} is ${row.status}` });
}

/** The lowest slot of the need that no confirmed assignment holds, or null when all are taken. */
async function lowestFreeSlot(db: Knex, community: string, need: NeedRow): Promise<number | null> {
  const taken = (await db('assignments').select('slot').where({ community_id: community, need_id: need.id }).whereIn('status', [...confirmedStatuses])) as { slot: number }[];
  const used = new Set(taken.map((entry) => entry.slot));
  let slot = 1;
  while (used.has(slot)) slot += 1;
  return slot > need.slots ? null : slot;
}

/**
 * Confirms a volunteer on a slot of the need, first come first served: the payer's hours for one
 * slot are held (under `assignment.holdId`, by default the id derived from the assignment id), then
 * `record` writes the assignment with the slot and hold in one database transaction. When another
 * volunteer takes that slot in between (the unique index on taken slots), the next free slot is
 * tried; when none is left, the hold is voided and the refusal is `need_full`. When `record`
 * throws, or answers false and no confirmed assignment carries the hold (a repeat that found the
 * step taken keeps it), the hold is voided too. A hold id the ledger knows as resolved already (or
 * with another body) is never recorded: `HoldIdUsed` is thrown, and the caller needs another id.
 * Refusals: `need_full`, the ledger's, and those `record` throws.
 */
export async function holdSlot(
  deps: Deps,
  actor: Principal,
  need: NeedRow,
  assignment: { id: string; volunteer: string; holdId?: string },
  record: (trx: Knex.Transaction, slot: number, holdId: string) => Promise<boolean>,
): Promise<boolean> {
  const community = actor.community;
  let slot = await lowestFreeSlot(deps.knex, community, need);
  if (slot === null) throw new ApiError('need_full', { detail: `every slot of need ${need.id} is taken` });
  const holdId = assignment.holdId ?? holdIdOf(assignment.id);
  let hold: Hold;
  try {
    hold = await deps.ledger.createHold(
      books.serviceHold({ community, id: holdId, actor: actor.userId, volunteer: assignment.volunteer, payer: payerOf(need), hours: need.hours_per_slot, memo: need.title.slice(0, 200), metadata: { need: need.id, assignment: assignment.id } }),
    );
  } catch (error) {
    if (error instanceof LedgerRejection && error.code === 'id_reused_with_different_body') throw new HoldIdUsed(`hold ${holdId} exists with another body`);
    throw error;
  }
  // Same id, same body: the ledger answers the hold as it is, which may be resolved already.
  if (hold.status !== 'pending') throw new HoldIdUsed(`hold ${holdId} is ${hold.status}`);
  const release = async (): Promise<void> => {
    const holder = await deps.knex('assignments').first('id').where({ community_id: community, id: assignment.id, hold_id: holdId }).whereIn('status', [...confirmedStatuses]);
    const hold = await deps.ledger.getHold(community, holdId);
    if (holder === undefined && hold?.status === 'pending') await deps.ledger.voidHold({ community, holdId, actor: actor.userId });
  };
  // Each retry follows a slot another volunteer took; there are at most need.slots of them.
  for (let attempt = 0; ; attempt += 1) {
    const trying: number = slot;
    let recorded: boolean;
    try {
      recorded = await deps.knex.transaction((trx) => record(trx, trying, holdId));
    } catch (error) {
      // The volunteer is confirmed on the need already (`assignments_volunteer_confirmed`).
      if (isUniqueViolation(error) && (error as { constraint?: unknown }).constraint === volunteerConfirmedIndex) {
        await release();
        throw new ApiError('volunteer_not_eligible', { detail: `you are confirmed on need ${need.id} already` });
      }
      if (isUniqueViolation(error) && attempt < need.slots) {
        slot = await lowestFreeSlot(deps.knex, community, need);
        if (slot !== null) continue;
      }
      await release();
      if (isUniqueViolation(error)) throw new ApiError('need_full', { detail: `the last slot of need ${need.id} was just taken` });
      throw error;
    }
    if (!recorded) await release();
    return recorded;
  }
}

/**
 * The volunteer accepts a proposal: the payer's hours for one slot are held and the lowest free
 * slot is taken (`holdSlot`). Each attempt first writes a hold id of its own on the proposal (the
 * one after the last attempt's, `nextHoldIdOf`), then voids the last attempt's hold if it is still
 * pending (an attempt that was interrupted, or that this one takes over), then holds and records
 * the slot only where the proposal still carries its hold id. So a hold that a failed attempt
 * voided is never confirmed, and no attempt voids a hold another one confirmed. The slot is
 * recorded under the volunteer's profile lock after the engine's rules pass on the current
 * snapshot (`eligibleNow`), as a claim does. Refusals: `not_found`, `assignment_not_proposed`,
 * `need_not_open`, `not_a_volunteer`, `volunteer_not_eligible` (the rule named; also when the
 * volunteer is confirmed on the need already), `need_full`,
 * `assignment_accept_in_progress` (another request of the volunteer's took the acceptance over and
 * has not finished), and the ledger's (`exceeds_lower_limit` when the payer has too few hours).
 */
export async function acceptAssignment(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const inProgress = (): ApiError => new ApiError('assignment_accept_in_progress', { detail: `another acceptance of assignment ${id} is in progress` });
  for (let round = 1; ; round += 1) {
    const { row, need } = await requireAssignment(deps.knex, actor, id);
    if (row.volunteer_id !== actor.userId) throw new ApiError('not_found', { detail: `no assignment ${id} of yours` });
    if (row.status === 'accepted') return view(row, need);
    if (row.status !== 'proposed') refuse('assignment_not_proposed', row);
    if (need.status !== 'open') throw new ApiError('need_not_open', { detail: `need ${need.id} is ${need.status}` });
    if (round > acceptRoundsMax) throw inProgress();
    const holdId = nextHoldIdOf(id, row.hold_id);
    const proposal = deps.knex('assignments').where({ community_id: actor.community, id, status: 'proposed' });
    const taken = Number(await (row.hold_id === null ? proposal.whereNull('hold_id') : proposal.where({ hold_id: row.hold_id })).update({ hold_id: holdId }));
    // Another request took the acceptance over, or the proposal changed: look again.
    if (taken !== 1) continue;
    await releaseHold(deps, actor, row);
    const now = deps.now();
    let moved: boolean;
    try {
      moved = await holdSlot(deps, actor, need, { id, volunteer: row.volunteer_id, holdId }, async (trx, slot) => {
        // As a claim does: under the volunteer's profile lock, the engine's rules on the current
        // snapshot, so an accept and a claim (or two accepts) of one volunteer at once cannot
        // together break the conflict or weekly-cap rule.
        await trx('volunteer_profiles').first('user_id').where({ community_id: actor.community, user_id: row.volunteer_id }).forUpdate();
        await eligibleNow(trx, actor.community, need, row.volunteer_id, now);
        return transition(trx, actor, id, ['proposed'], 'accepted', { slot }, now, { hold_id: holdId });
      });
    } catch (error) {
      // The ledger knows this hold id as resolved already (a proposal accepted before hold ids
      // were written on proposals): the next round takes the next id.
      if (error instanceof HoldIdUsed) continue;
      throw error;
    }
    const again = await current(deps, actor, id);
    if (moved || again.status === 'accepted') return again;
    if (again.status === 'proposed') throw inProgress();
    throw new ApiError('assignment_not_proposed', { detail: `assignment ${id} is ${again.status}` });
  }
}

/** The volunteer declines a proposal. Refusals: `not_found`, `assignment_not_proposed`. */
export async function declineAssignment(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const { row, need } = await requireAssignment(deps.knex, actor, id);
  if (row.volunteer_id !== actor.userId) throw new ApiError('not_found', { detail: `no assignment ${id} of yours` });
  if (row.status !== 'declined' && (row.status !== 'proposed' || !(await transition(deps.knex, actor, id, ['proposed'], 'declined', {}, deps.now())))) {
    const again = await current(deps, actor, id);
    if (again.status !== 'declined') throw new ApiError('assignment_not_proposed', { detail: `assignment ${id} is ${again.status}` });
  }
  // The hold of an acceptance that was interrupted, if any, is voided (a repeat finishes that too).
  const declined = await requireAssignment(deps.knex, actor, id);
  await releaseHold(deps, actor, declined.row);
  return view(declined.row, need);
}

/** Check-in by the volunteer or a coordinator. Refusals: `not_found`, `assignment_not_accepted`. */
export async function checkIn(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const { row, need } = await requireAssignment(deps.knex, actor, id);
  if (row.status === 'checked_in') return view(row, need);
  if (row.status !== 'accepted' || !(await transition(deps.knex, actor, id, ['accepted'], 'checked_in', { checked_in_at: deps.now() }, deps.now()))) {
    const again = await current(deps, actor, id);
    if (again.status !== 'checked_in') throw new ApiError('assignment_not_accepted', { detail: `assignment ${id} is ${again.status}` });
    return again;
  }
  return current(deps, actor, id);
}

/** Check-out by the volunteer or a coordinator. Refusals: `not_found`, `assignment_not_checked_in`. */
export async function checkOut(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const { row, need } = await requireAssignment(deps.knex, actor, id);
  if (row.status === 'checked_out') return view(row, need);
  if (row.status !== 'checked_in' || !(await transition(deps.knex, actor, id, ['checked_in'], 'checked_out', { checked_out_at: deps.now() }, deps.now()))) {
    const again = await current(deps, actor, id);
    if (again.status !== 'checked_out') throw new ApiError('assignment_not_checked_in', { detail: `assignment ${id} is ${again.status}` });
    return again;
  }
  return current(deps, actor, id);
}

/**
 * A coordinator approves the hours actually served: the hold posts that many (at most the hours
 * held; the rest goes back to the payer) as a service credit to the volunteer. Approving again
 * answers the approved assignment and posts nothing. Refusals: `not_found`,
 * `assignment_not_checked_out`, `hours_exceed_hold`, and the ledger's (`amount_scale_exceeded`).
 */
export async function approveAssignment(deps: Deps, actor: Principal, id: string, hours: string): Promise<AssignmentView> {
  const { row, need } = await requireAssignment(deps.knex, actor, id);
  if (row.status === 'approved') {
    await finishApproval(deps, actor, row, need);
    return current(deps, actor, id);
  }
  if (row.status !== 'checked_out' || row.hold_id === null) refuse('assignment_not_checked_out', row);
  const approved = new AmountDecimal(hours);
  if (approved.lessThanOrEqualTo(0)) throw new ApiError('validation_failed', { errors: [{ in: 'body', pointer: '/hours', detail: 'more than 0 hours' }] });
  if (approved.greaterThan(need.hours_per_slot)) throw new ApiError('hours_exceed_hold', { detail: `at most ${need.hours_per_slot} hours were held` });
  // The approval is recorded before the hold posts: a cancel or no-show that comes after finds the
  // assignment approved and is refused, and one that came first leaves nothing to approve, so
  // hours are never posted for a cancelled assignment.
  if (!(await transition(deps.knex, actor, id, ['checked_out'], 'approved', { approved_hours: hours, transaction_id: transactionIdOf(id) }, deps.now(), { hold_id: row.hold_id }))) {
    const again = await current(deps, actor, id);
    if (again.status !== 'approved') throw new ApiError('assignment_not_checked_out', { detail: `assignment ${id} is ${again.status}` });
    return again;
  }
  const claimed = (await deps.knex('assignments').where({ community_id: actor.community, id }).first()) as AssignmentRow;
  try {
    await finishApproval(deps, actor, claimed, need);
  } catch (error) {
    // The ledger refused the hours (amount_scale_exceeded): the assignment is as it was.
    if (error instanceof LedgerRejection) {
      await deps.knex('assignments')
        .where({ community_id: actor.community, id, status: 'approved', transaction_id: transactionIdOf(id) })
        .update({ status: row.status, approved_hours: row.approved_hours, transaction_id: row.transaction_id, updated_by: row.updated_by, updated_at: row.updated_at });
    }
    throw error;
  }
  return current(deps, actor, id);
}

/**
 * Posts the hold of an approved assignment with the approved hours, unless its transaction is in
 * the ledger already (a repeat, or a retry after a crash between this table and the ledger), and
 * records the hours as the ledger posted them.
 */
async function finishApproval(deps: Deps, actor: Principal, row: AssignmentRow, need: NeedRow): Promise<void> {
  if (row.hold_id === null || row.transaction_id === null || row.approved_hours === null) throw new Error(`assertion: approved assignment ${row.id} lacks its hold, transaction or hours`);
  if ((await deps.ledger.getTransaction(actor.community, row.transaction_id)) !== undefined) return;
  const transaction = await deps.ledger.postHold({
    community: actor.community,
    holdId: row.hold_id,
    transactionId: row.transaction_id,
    actor: actor.userId,
    amount: row.approved_hours,
    memo: need.title.slice(0, 200),
    metadata: { need: need.id, assignment: row.id },
  });
  const posted = transaction.postings.find((posting) => !posting.amount.startsWith('-'))?.amount ?? row.approved_hours;
  if (posted !== row.approved_hours) await deps.knex('assignments').where({ community_id: actor.community, id: row.id, status: 'approved' }).update({ approved_hours: posted });
}

export type ApprovalOutcome = { id: string; ok: true; assignment: AssignmentView } | { id: string; ok: false; status: number; code: string; detail: string };

/**
 * Approves several assignments, each on its own: one refusal does not stop the others. Each item
 * runs in a savepoint of the request's transaction, so a refused item leaves nothing behind.
 */
export async function approveMany(deps: Deps, actor: Principal, items: readonly { id: string; hours: string }[]): Promise<ApprovalOutcome[]> {
  const outcomes: ApprovalOutcome[] = [];
  for (const item of items) {
    try {
      const assignment = await deps.knex.transaction((savepoint) => approveAssignment(bindDeps(deps, savepoint), actor, item.id, item.hours));
      outcomes.push({ id: item.id, ok: true, assignment });
    } catch (error) {
      if (error instanceof ApiError) outcomes.push({ id: item.id, ok: false, status: error.status, code: error.code, detail: error.detail ?? '' });
      else if (error instanceof LedgerRejection) outcomes.push({ id: item.id, ok: false, status: 422, code: error.code, detail: error.message });
      else throw error;
    }
  }
  return outcomes;
}

/**
 * Voids the hold the assignment row carries, if it is still pending. Also for proposals that are
 * gone or can no longer be accepted (declined, deleted by a batch run, given way to a claim): the
 * hold of an acceptance that was interrupted on them is never confirmed.
 */
export async function releaseHold(deps: Deps, actor: Principal, row: Pick<AssignmentRow, 'hold_id'>): Promise<void> {
  if (row.hold_id === null) return;
  const hold = await deps.ledger.getHold(actor.community, row.hold_id);
  if (hold?.status === 'pending') await deps.ledger.voidHold({ community: actor.community, holdId: row.hold_id, actor: actor.userId });
}

/**
 * Moves the assignment from one of `from` to `to`, then voids the hold it carries if still
 * pending; a repeat (already `to`) voids it too, finishing a step interrupted in between. The
 * status changes first: an accept placing its hold meanwhile then finds the proposal gone and
 * voids that hold itself, and an approval that comes after finds nothing to approve. False when
 * the assignment is in none of `from` nor `to`.
 */
async function endWithHoldVoided(deps: Deps, actor: Principal, id: string, from: readonly AssignmentStatus[], to: AssignmentStatus): Promise<boolean> {
  const moved = (await deps.knex('assignments')
    .where({ community_id: actor.community, id })
    .whereIn('status', [...from])
    .update({ status: to, updated_by: actor.userId, updated_at: deps.now() })
    .returning('hold_id')) as { hold_id: string | null }[];
  const ended = moved[0] ?? ((await deps.knex('assignments').first('hold_id').where({ community_id: actor.community, id, status: to })) as { hold_id: string | null } | undefined);
  if (ended === undefined) return false;
  await releaseHold(deps, actor, ended);
  return true;
}

/** A coordinator cancels: the hold, if any, is voided. Refusals: `not_found`, `assignment_not_cancellable`. */
export async function cancelAssignment(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const { row } = await requireAssignment(deps.knex, actor, id);
  const cancellable: AssignmentStatus[] = ['proposed', 'accepted', 'checked_in', 'checked_out'];
  if (row.status !== 'cancelled' && !cancellable.includes(row.status)) refuse('assignment_not_cancellable', row);
  if (!(await endWithHoldVoided(deps, actor, id, cancellable, 'cancelled'))) {
    const again = await current(deps, actor, id);
    throw new ApiError('assignment_not_cancellable', { detail: `assignment ${id} is ${again.status}` });
  }
  return current(deps, actor, id);
}

/** A coordinator records that the volunteer did not come: the hold is voided. Refusals: `not_found`, `assignment_not_accepted`. */
export async function recordNoShow(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const { row } = await requireAssignment(deps.knex, actor, id);
  if (row.status !== 'no_show' && row.status !== 'accepted') refuse('assignment_not_accepted', row);
  if (!(await endWithHoldVoided(deps, actor, id, ['accepted'], 'no_show'))) {
    const again = await current(deps, actor, id);
    throw new ApiError('assignment_not_accepted', { detail: `assignment ${id} is ${again.status}` });
  }
  return current(deps, actor, id);
}

/** Assignments of one need, for coordinators (all) or a member (their own). */
export async function assignmentsOfNeed(deps: Deps, viewer: Principal, need: NeedRow): Promise<AssignmentView[]> {
  let query = deps.knex('assignments').where({ community_id: viewer.community, need_id: need.id }).orderBy('created_at').orderByRaw('id collate "C"');
  if (!isManager(viewer) && viewer.role !== 'auditor') query = query.andWhere({ volunteer_id: viewer.userId });
  return ((await query) as AssignmentRow[]).map((row) => view(row, need));
}
