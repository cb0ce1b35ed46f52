// The assignment lifecycle: proposed → accepted (a hold on the payer's hours) → checked_in →
// checked_out → approved (the hold posts the approved hours, the rest goes back); or declined,
// cancelled (the hold voided) or no_show (recorded, the hold voided). Each step runs in its
// request's database transaction with the ledger bound to it (`bindDeps`), so an assignment row
// and its hold commit together or not at all. Each step is safe to repeat: a step already taken
// answers the assignment as it is. The hold of an accepted assignment is `svc-hold/<id>`; a
// proposal stored by an earlier version may carry a hold id the ledger knows as voided already,
// and its accept then takes the next free id (`svc-hold/<id>/2`, `/3`, …).
import { AmountDecimal, books, LedgerRejection } from '@linli/ledger';
import type { Knex } from 'knex';
import type { Principal } from '../auth/roles.js';
import { isUniqueViolation, toIso } from '../database-values.js';
import { bindDeps, type Deps } from '../deps.js';
import { ApiError, type ApiErrorCode } from '../http-errors.js';
import { eligibleNow, requireMatchableNeed } from './matching.js';
import { isManager, requireNeedRow, type NeedRow } from './needs.js';
import {
  assignmentRowsOfNeed,
  endAssignmentFrom,
  findAssignmentRow,
  takenSlots,
  updateAssignmentFrom,
  volunteerConfirmedIndex,
  type AssignmentRow,
  type AssignmentStatus,
} from './queries/assignments.js';
import { lockVolunteerProfile } from './queries/volunteer-profiles.js';

export type { AssignmentRow } from './queries/assignments.js';
import { approvalsPerRequestMax, assignmentStatuses } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
import type { AssignmentView } from '@linli/contract';
export type { AssignmentView } from '@linli/contract';

export { approvalsPerRequestMax, assignmentStatuses, type AssignmentStatus };

const holdIdOf = (assignment: string): string => `svc-hold/${assignment}`;

/**
 * The hold id after `previous` for an assignment (`svc-hold/<id>` when null), then
 * `svc-hold/<id>/2`, `svc-hold/<id>/3`, …
 */
export function nextHoldIdOf(assignment: string, previous: string | null): string {
  const first = holdIdOf(assignment);
  if (previous === null) return first;
  if (previous === first) return `${first}/2`;
  const attempt = previous.startsWith(`${first}/`) ? Number(previous.slice(first.length + 1)) : Number.NaN;
  if (!Number.isSafeInteger(attempt) || attempt < 2) throw new Error(`assertion: assignment ${assignment} carries the hold ${previous}`);
  return `${first}/${attempt + 1}`;
}

/** Hold ids tried for one assignment before giving up: earlier versions used a few per accept attempt. */
const holdIdsPerAssignmentMax = 100;

/**
 * The first hold id of the assignment, from the one its row carries on, that the ledger does not
 * know: a proposal stored by an earlier version may name (or have used) a hold voided since.
 */
async function freshHoldId(deps: Deps, community: string, row: Pick<AssignmentRow, 'id' | 'hold_id'>): Promise<string> {
  let candidate = row.hold_id ?? holdIdOf(row.id);
  for (let tried = 0; tried < holdIdsPerAssignmentMax; tried += 1) {
    if ((await deps.ledger.getHold(community, candidate)) === undefined) return candidate;
    candidate = nextHoldIdOf(row.id, candidate);
  }
  throw new Error(`assertion: assignment ${row.id} used ${holdIdsPerAssignmentMax} hold ids`);
}

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
    // A proposal stored by an earlier version may carry the hold of an acceptance that failed;
    // only an assignment that took a slot shows its hold.
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
  const row = await findAssignmentRow(db, actor.community, id);
  if (row === undefined || (!isManager(actor) && row.volunteer_id !== actor.userId))
    throw new ApiError('not_found', { detail: `no assignment ${id}` });
  return { row, need: await requireNeedRow(db, actor.community, row.need_id) };
}

export async function getAssignment(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const { row, need } = await requireAssignment(deps.knex, actor, id);
  return view(row, need);
}

/** Moves the assignment from one of `from` (and matching `where`) to `to` with the values; false when it was not there any more. */
async function transition(
  db: Knex,
  actor: Principal,
  id: string,
  from: readonly AssignmentStatus[],
  to: AssignmentStatus,
  values: Partial<AssignmentRow>,
  now: Date,
  where: Partial<AssignmentRow> = {},
): Promise<boolean> {
  return updateAssignmentFrom(db, actor.community, id, from, { status: to, updated_by: actor.userId, updated_at: now, ...values }, where);
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

/**
 * Confirms a volunteer on the lowest free slot of the need, first come first served, in the
 * caller's transaction: the need row is locked first (so confirmations of one need run one at a
 * time and the free slot is the one taken); `steps.due` answers whether there is anything to
 * confirm (false: a repeat found the step taken, nothing is held); then the payer's hours for one
 * slot are held under `holdId` through the bound ledger, and `steps.record` writes the assignment
 * with the slot and `holdId`. The row and the hold commit together; a refusal anywhere leaves
 * neither.
 * Refusals: `need_full`, `volunteer_not_eligible` (confirmed on the need already), the ledger's
 * (`exceeds_lower_limit` when the payer has too few hours), and those `record` throws.
 */
export async function holdSlot(
  deps: Deps,
  actor: Principal,
  needId: string,
  assignment: { id: string; volunteer: string; holdId: string },
  steps: { due: (need: NeedRow) => Promise<boolean>; record: (need: NeedRow, slot: number) => Promise<void> },
): Promise<boolean> {
  const community = actor.community;
  const need = await requireNeedRow(deps.knex, community, needId, { lock: true });
  const used = new Set(await takenSlots(deps.knex, community, need.id));
  let slot = 1;
  while (used.has(slot)) slot += 1;
  if (!(await steps.due(need))) return false;
  if (slot > need.slots) throw new ApiError('need_full', { detail: `every slot of need ${need.id} is taken` });
  const hold = await deps.ledger.createHold(
    books.serviceHold({
      community,
      id: assignment.holdId,
      actor: actor.userId,
      volunteer: assignment.volunteer,
      payer: payerOf(need),
      hours: need.hours_per_slot,
      memo: need.title.slice(0, 200),
      metadata: { need: need.id, assignment: assignment.id },
    }),
  );
  if (hold.status !== 'pending') throw new Error(`assertion: hold ${assignment.holdId} of assignment ${assignment.id} is ${hold.status}`);
  try {
    await steps.record(need, slot);
  } catch (error) {
    // The volunteer is confirmed on the need already (`assignments_volunteer_confirmed`).
    if (isUniqueViolation(error) && (error as { constraint?: unknown }).constraint === volunteerConfirmedIndex)
      throw new ApiError('volunteer_not_eligible', { detail: `you are confirmed on need ${need.id} already` });
    throw error;
  }
  return true;
}

/**
 * The volunteer accepts a proposal: the lowest free slot is taken and the payer's hours for it
 * held (`holdSlot`), in the request's transaction. The slot is recorded under the volunteer's
 * profile lock after the engine's rules pass on the current snapshot (`eligibleNow`), as a claim
 * does, so an accept and a claim (or two accepts) of one volunteer at once cannot together break
 * the conflict or weekly-cap rule. Accepting again answers the accepted assignment. Refusals:
 * `not_found`, `assignment_not_proposed`, `need_not_open`, `not_a_volunteer`,
 * `volunteer_not_eligible` (the rule named; also when the volunteer is confirmed on the need
 * already), `need_full`, and the ledger's (`exceeds_lower_limit` when the payer has too few hours).
 */
export async function acceptAssignment(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const { row, need: asked } = await requireAssignment(deps.knex, actor, id);
  if (row.volunteer_id !== actor.userId) throw new ApiError('not_found', { detail: `no assignment ${id} of yours` });
  if (row.status === 'accepted') return view(row, asked);
  if (row.status !== 'proposed') refuse('assignment_not_proposed', row);
  requireMatchableNeed(asked, deps.now());
  const holdId = await freshHoldId(deps, actor.community, row);
  const now = deps.now();
  let seen: AssignmentRow | undefined;
  await holdSlot(
    deps,
    actor,
    row.need_id,
    { id, volunteer: row.volunteer_id, holdId },
    {
      due: async () => {
        // Under the need's lock: the proposal as it is now (another accept may have come first).
        seen = await findAssignmentRow(deps.knex, actor.community, id, { lock: true });
        if (seen === undefined) throw new ApiError('not_found', { detail: `no assignment ${id}` });
        if (seen.status !== 'proposed') return false;
        // Locks in one order everywhere: the need, the volunteer's profile, then the ledger's.
        await lockVolunteerProfile(deps.knex, actor.community, row.volunteer_id);
        // A proposal stored by an earlier version may carry the pending hold of an acceptance that
        // stopped half-way: it is voided, as the new hold takes its place.
        await voidPendingHold(deps, actor, seen);
        return true;
      },
      record: async (need, slot) => {
        await eligibleNow(deps.knex, actor.community, need, row.volunteer_id, now);
        if (!(await transition(deps.knex, actor, id, ['proposed'], 'accepted', { slot, hold_id: holdId }, now)))
          throw new Error(`assertion: locked proposal ${id} did not move`);
      },
    },
  );
  if (seen !== undefined && seen.status !== 'proposed' && seen.status !== 'accepted') refuse('assignment_not_proposed', seen);
  return current(deps, actor, id);
}

/** The volunteer declines a proposal. Refusals: `not_found`, `assignment_not_proposed`. */
export async function declineAssignment(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  const { row } = await requireAssignment(deps.knex, actor, id);
  if (row.volunteer_id !== actor.userId) throw new ApiError('not_found', { detail: `no assignment ${id} of yours` });
  if (
    row.status !== 'declined' &&
    (row.status !== 'proposed' || !(await transition(deps.knex, actor, id, ['proposed'], 'declined', {}, deps.now())))
  ) {
    const again = await current(deps, actor, id);
    if (again.status !== 'declined') throw new ApiError('assignment_not_proposed', { detail: `assignment ${id} is ${again.status}` });
  }
  return current(deps, actor, id);
}

/**
 * Moves an assignment one step on the day of service (`from` → `to`, stamping `stamp`); a repeat
 * answers the assignment as it is. Refusals: `not_found`, `refusal` (not in `from`).
 */
async function serviceStep(
  deps: Deps,
  actor: Principal,
  id: string,
  step: { from: AssignmentStatus; to: AssignmentStatus; stamp: 'checked_in_at' | 'checked_out_at'; refusal: ApiErrorCode },
): Promise<AssignmentView> {
  const { row, need } = await requireAssignment(deps.knex, actor, id);
  if (row.status === step.to) return view(row, need);
  const now = deps.now();
  if (row.status !== step.from || !(await transition(deps.knex, actor, id, [step.from], step.to, { [step.stamp]: now }, now))) {
    const again = await current(deps, actor, id);
    if (again.status !== step.to) throw new ApiError(step.refusal, { detail: `assignment ${id} is ${again.status}` });
    return again;
  }
  return current(deps, actor, id);
}

/** Check-in by the volunteer or a coordinator. Refusals: `not_found`, `assignment_not_accepted`. */
export async function checkIn(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  return serviceStep(deps, actor, id, { from: 'accepted', to: 'checked_in', stamp: 'checked_in_at', refusal: 'assignment_not_accepted' });
}

/** Check-out by the volunteer or a coordinator. Refusals: `not_found`, `assignment_not_checked_in`. */
export async function checkOut(deps: Deps, actor: Principal, id: string): Promise<AssignmentView> {
  return serviceStep(deps, actor, id, {
    from: 'checked_in',
    to: 'checked_out',
    stamp: 'checked_out_at',
    refusal: 'assignment_not_checked_in',
  });
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
  if (approved.lessThanOrEqualTo(0))
    throw new ApiError('validation_failed', { errors: [{ in: 'body', pointer: '/hours', detail: 'more than 0 hours' }] });
  if (approved.greaterThan(need.hours_per_slot))
    throw new ApiError('hours_exceed_hold', { detail: `at most ${need.hours_per_slot} hours were held` });
  // The approval is recorded before the hold posts: a cancel or no-show that comes after finds the
  // assignment approved and is refused, and one that came first leaves nothing to approve, so
  // hours are never posted for a cancelled assignment.
  if (
    !(await transition(
      deps.knex,
      actor,
      id,
      ['checked_out'],
      'approved',
      { approved_hours: hours, transaction_id: transactionIdOf(id) },
      deps.now(),
      { hold_id: row.hold_id },
    ))
  ) {
    const again = await current(deps, actor, id);
    if (again.status !== 'approved') throw new ApiError('assignment_not_checked_out', { detail: `assignment ${id} is ${again.status}` });
    return again;
  }
  const claimed = await findAssignmentRow(deps.knex, actor.community, id);
  if (claimed === undefined) throw new Error(`assertion: approved assignment ${id} is gone`);
  // A refusal of the ledger (amount_scale_exceeded) rolls the approval back with the request's transaction.
  await finishApproval(deps, actor, claimed, need);
  return current(deps, actor, id);
}

/**
 * Posts the hold of an approved assignment with the approved hours, unless its transaction is in
 * the ledger already (a repeat, or a retry after a crash between this table and the ledger), and
 * records the hours as the ledger posted them.
 */
async function finishApproval(deps: Deps, actor: Principal, row: AssignmentRow, need: NeedRow): Promise<void> {
  if (row.hold_id === null || row.transaction_id === null || row.approved_hours === null)
    throw new Error(`assertion: approved assignment ${row.id} lacks its hold, transaction or hours`);
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
  if (posted !== row.approved_hours)
    await updateAssignmentFrom(deps.knex, actor.community, row.id, ['approved'], { approved_hours: posted });
}

export type ApprovalOutcome =
  | { id: string; ok: true; assignment: AssignmentView }
  | { id: string; ok: false; status: number; code: string; detail: string };

/**
 * Approves several assignments, each on its own: one refusal does not stop the others. Each item
 * runs in a savepoint of the request's transaction, so a refused item leaves nothing behind.
 */
export async function approveMany(
  deps: Deps,
  actor: Principal,
  items: readonly { id: string; hours: string }[],
): Promise<ApprovalOutcome[]> {
  const outcomes: ApprovalOutcome[] = [];
  for (const item of items) {
    try {
      const assignment = await deps.knex.transaction((savepoint) =>
        approveAssignment(bindDeps(deps, savepoint), actor, item.id, item.hours),
      );
      outcomes.push({ id: item.id, ok: true, assignment });
    } catch (error) {
      if (error instanceof ApiError)
        outcomes.push({ id: item.id, ok: false, status: error.status, code: error.code, detail: error.detail ?? '' });
      else if (error instanceof LedgerRejection)
        outcomes.push({ id: item.id, ok: false, status: 422, code: error.code, detail: error.message });
      else throw error;
    }
  }
  return outcomes;
}

/** Voids the hold the assignment row carries, if it is pending (a cancel, a no-show). */
async function voidPendingHold(deps: Deps, actor: Principal, row: Pick<AssignmentRow, 'hold_id'>): Promise<void> {
  if (row.hold_id === null) return;
  const hold = await deps.ledger.getHold(actor.community, row.hold_id);
  if (hold?.status === 'pending') await deps.ledger.voidHold({ community: actor.community, holdId: row.hold_id, actor: actor.userId });
}

/**
 * Moves the assignment from one of `from` to `to` and voids the hold it carries, in one
 * transaction; true also when it is `to` already (a repeat). False when it is in none of `from`
 * nor `to`.
 */
async function endWithHoldVoided(
  deps: Deps,
  actor: Principal,
  id: string,
  from: readonly AssignmentStatus[],
  to: AssignmentStatus,
): Promise<boolean> {
  const ended = await endAssignmentFrom(deps.knex, actor.community, id, from, {
    status: to,
    updated_by: actor.userId,
    updated_at: deps.now(),
  });
  if (ended === undefined) return (await findAssignmentRow(deps.knex, actor.community, id))?.status === to;
  await voidPendingHold(deps, actor, ended);
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
  const rows = await assignmentRowsOfNeed(
    deps.knex,
    viewer.community,
    need.id,
    !isManager(viewer) && viewer.role !== 'auditor' ? viewer.userId : undefined,
  );
  return rows.map((row) => view(row, need));
}
