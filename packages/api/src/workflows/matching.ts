// Runs the matching engine over one community's open needs and volunteers: batch mode (stored as
// proposals) and browse mode (a member's ranked list of nearby needs). The engine is pure; this
// file reads its inputs from the database and writes what batch proposes.
import { randomBytes } from 'node:crypto';
import {
  browseForVolunteer,
  browsePair,
  createSnapshot,
  runBatch,
  type ConfirmedAssignment,
  type CostParts,
  type Exclusion,
  type Proposal,
  type ServiceNeed,
  type Snapshot,
  type Volunteer,
} from '@linli/matching';
import type { Knex } from 'knex';
import type { Principal } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { jsonValue, needView, requireNeedRow, type NeedRow } from './needs.js';
import {
  confirmedCounts,
  confirmedWithWindows,
  declinedPairs,
  deleteProposals,
  insertAssignmentRow,
  proposalRows,
  recentLoad,
  updateAssignmentFrom,
} from './queries/assignments.js';
import { openNeedRows } from './queries/needs.js';
import { activeVolunteerRows } from './queries/volunteer-profiles.js';
import type { ExclusionView, MatchRunView, NeedsNearbyView, ProposalView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { ExclusionView, ProposalView } from '@linli/contract';

/** Needs whose window starts within this many days are matched (the engine spans at most 35). */
export const matchingHorizonDays = 28;
/** Open needs one run considers, soonest first. */
export const needsPerRunMax = 2_000;
/** Assignments counted as recent load. */
const recentLoadDays = 28;
/** Exclusions returned per answer. */
export const exclusionsShownMax = 200;

const exclusionView = (exclusion: Exclusion): ExclusionView => ({
  need: exclusion.needId,
  volunteer: exclusion.volunteerId,
  rule: exclusion.rule,
  detail: exclusion.detail,
});

function toServiceNeed(row: NeedRow): ServiceNeed {
  return {
    id: row.id,
    beneficiaryId: row.requester_id,
    projectId: null,
    skills: jsonValue<string[]>(row.skills),
    certificates: jsonValue<string[]>(row.certificates),
    languages: jsonValue<string[]>(row.languages),
    gridCell: row.grid_cell,
    place: { eastM: row.place_east_m, northM: row.place_north_m },
    window: { startMs: new Date(row.window_start).getTime(), endMs: new Date(row.window_end).getTime() },
    slots: row.slots,
    hoursPerSlot: row.hours_per_slot,
    urgency: row.urgency as ServiceNeed['urgency'],
    postedAtMs: new Date(row.created_at).getTime(),
    payer:
      row.payer === 'pool' || row.requester_id === null ? { kind: 'communityPool' } : { kind: 'requester', accountId: row.requester_id },
  };
}

export interface CommunityFacts {
  snapshot: Snapshot;
  needs: Map<string, NeedRow>;
}

/** Reads the community's open needs in the horizon, its volunteers and their confirmed assignments. */
export async function readFacts(db: Knex, community: string, now: Date): Promise<CommunityFacts> {
  const needRows = await openNeedRows(db, community, now, new Date(now.getTime() + matchingHorizonDays * 86_400_000), needsPerRunMax);
  const volunteerRows = await activeVolunteerRows(db, community);
  const loadOf = await recentLoad(db, community, new Date(now.getTime() - recentLoadDays * 86_400_000));
  const volunteers: Volunteer[] = volunteerRows.map((row) => ({
    id: row.user_id,
    skills: jsonValue<Volunteer['skills']>(row.skills),
    certificates: jsonValue<Volunteer['certificates']>(row.certificates),
    gridCell: row.grid_cell,
    place: { eastM: row.place_east_m, northM: row.place_north_m },
    travelRadiusM: row.travel_radius_m,
    weeklyAvailability: jsonValue<Volunteer['weeklyAvailability']>(row.weekly_availability),
    exceptions: [],
    weeklyHourCap: row.weekly_hour_cap,
    languages: jsonValue<string[]>(row.languages),
    recentAssignments: loadOf.get(row.user_id) ?? 0,
    regularBeneficiaryIds: [],
  }));
  const known = new Set(volunteers.map((volunteer) => volunteer.id));
  // Confirmed assignments whose service is not over yet take the volunteer's time and hours.
  const confirmedRows = await confirmedWithWindows(db, community, new Date(now.getTime() - 7 * 86_400_000));
  const confirmed: ConfirmedAssignment[] = confirmedRows
    .filter((row) => known.has(row.volunteer_id))
    .map((row) => ({
      needId: row.need_id,
      volunteerId: row.volunteer_id,
      window: { startMs: new Date(row.window_start).getTime(), endMs: new Date(row.window_end).getTime() },
      hours: row.hours_per_slot,
    }));
  const snapshot = createSnapshot({ volunteers, needs: needRows.map(toServiceNeed), confirmed });
  return { snapshot, needs: new Map(needRows.map((row) => [row.id, row])) };
}

/**
 * The one check that a need takes volunteers now: open, its window not over, and (given the facts
 * read) within matching's horizon. Batch runs, urgent launches, accepts and claims all ask it.
 * Refusal: `need_not_open`.
 */
export function requireMatchableNeed(need: NeedRow, now: Date, facts?: CommunityFacts): void {
  if (need.status !== 'open') throw new ApiError('need_not_open', { detail: `need ${need.id} is ${need.status}` });
  if (new Date(need.window_end).getTime() <= now.getTime())
    throw new ApiError('need_not_open', { detail: `need ${need.id}'s window is over` });
  if (facts !== undefined && !facts.needs.has(need.id))
    throw new ApiError('need_not_open', { detail: `need ${need.id} starts more than ${matchingHorizonDays} days ahead` });
}

/** The need and the community's facts, when the need takes volunteers now. Refusals: `not_found`, `need_not_open`. */
export async function matchableNeed(
  db: Knex,
  community: string,
  needId: string,
  now: Date,
): Promise<{ need: NeedRow; facts: CommunityFacts }> {
  const need = await requireNeedRow(db, community, needId);
  const facts = await readFacts(db, community, now);
  requireMatchableNeed(need, now, facts);
  return { need, facts };
}

export const newAssignmentId = (): string => `as-${randomBytes(8).toString('hex')}`;

export type MatchResult = MatchRunView;

/**
 * Runs batch mode over the community's open needs. Earlier proposals of those needs are replaced
 * (a pair proposed again keeps its assignment id); accepted and later assignments are fixed
 * inputs and never move. A volunteer who declined a need is not proposed for it again.
 * Refusals: `not_found`, `need_not_open`.
 */
export async function runMatching(deps: Deps, actor: Principal, needId: string): Promise<MatchResult> {
  const community = actor.community;
  const now = deps.now();
  const { need: target, facts } = await matchableNeed(deps.knex, community, needId, now);
  const result = runBatch(facts.snapshot, { collectExclusions: true });
  const needIds = [...facts.needs.keys()];
  const declined = new Set((await declinedPairs(deps.knex, community, needIds)).map((row) => `${row.need_id}\n${row.volunteer_id}`));
  // Nobody serves their own need (the hold would move hours from an account to itself).
  const proposals = result.proposals.filter(
    (proposal) =>
      !declined.has(`${proposal.needId}\n${proposal.volunteerId}`) &&
      facts.needs.get(proposal.needId)?.requester_id !== proposal.volunteerId,
  );
  const stored = await storeProposals(deps.knex, community, actor.userId, needIds, proposals, now);
  const counts = await confirmedCounts(deps.knex, community, [needId]);
  return {
    need: needView(deps, community, target, counts.get(needId) ?? 0, false),
    proposals: stored.filter((proposal) => proposal.need === needId),
    exclusions: result.exclusions
      .filter((exclusion) => exclusion.needId === needId)
      .slice(0, exclusionsShownMax)
      .map(exclusionView),
    run: {
      needs: facts.needs.size,
      volunteers: facts.snapshot.volunteers.length,
      openSlots: result.openSlots,
      filledSlots: proposals.length,
      proposals: proposals.length,
      totalCost: result.totalCost,
      exclusionCounts: result.exclusionCounts,
    },
  };
}

function proposalView(assignment: string, proposal: Proposal): ProposalView {
  return {
    assignment,
    need: proposal.needId,
    volunteer: proposal.volunteerId,
    gridCell: proposal.gridCell,
    distanceM: proposal.distanceM,
    window: { start: new Date(proposal.window.startMs).toISOString(), end: new Date(proposal.window.endMs).toISOString() },
    hoursPerSlot: proposal.hoursPerSlot,
    cost: proposal.cost,
    costParts: proposal.costParts,
  };
}

async function storeProposals(
  db: Knex,
  community: string,
  actor: string,
  needIds: readonly string[],
  proposals: readonly Proposal[],
  now: Date,
): Promise<ProposalView[]> {
  const existing = await proposalRows(db, community, { needIds });
  const byPair = new Map(existing.map((row) => [`${row.need_id}\n${row.volunteer_id}`, row.id]));
  const kept = new Set<string>();
  const views: ProposalView[] = [];
  for (const proposal of proposals) {
    const values = {
      cost_parts: JSON.stringify(proposal.costParts),
      cost: proposal.cost,
      distance_m: proposal.distanceM,
      updated_by: actor,
      updated_at: now,
    };
    let id = byPair.get(`${proposal.needId}\n${proposal.volunteerId}`);
    if (id === undefined) {
      id = newAssignmentId();
      await insertAssignmentRow(db, community, {
        id,
        need_id: proposal.needId,
        volunteer_id: proposal.volunteerId,
        status: 'proposed',
        created_at: now,
        ...values,
      });
    } else {
      await updateAssignmentFrom(db, community, id, ['proposed'], values);
    }
    kept.add(id);
    views.push(proposalView(id, proposal));
  }
  await deleteProposals(db, community, { ids: existing.map((row) => row.id).filter((id) => !kept.has(id)) });
  return views;
}

export type NearbyResult = NeedsNearbyView;

/** Browse mode for the calling member. Refusal: `not_a_volunteer` (no volunteer profile). */
export async function needsNearby(deps: Deps, member: Principal): Promise<NearbyResult> {
  const community = member.community;
  const facts = await readFacts(deps.knex, community, deps.now());
  if (!facts.snapshot.volunteerIndexById.has(member.userId))
    throw new ApiError('not_a_volunteer', { detail: 'add skills, a home grid cell and availability to your volunteer profile first' });
  const result = browseForVolunteer(facts.snapshot, member.userId);
  const mine = await proposalRows(deps.knex, community, { volunteerId: member.userId });
  const proposedTo = new Map(mine.map((row) => [row.need_id, row.id]));
  const titleOf = (id: string): string => facts.needs.get(id)?.title ?? '';
  return {
    items: result.proposals
      .filter((proposal) => facts.needs.get(proposal.needId)?.requester_id !== member.userId)
      .map((proposal) => ({
        ...proposalView(proposedTo.get(proposal.needId) ?? '', proposal),
        assignment: proposedTo.get(proposal.needId) ?? null,
        title: titleOf(proposal.needId),
        urgency: facts.needs.get(proposal.needId)?.urgency ?? 1,
      })),
    exclusions: result.exclusions
      .slice(0, exclusionsShownMax)
      .map((exclusion) => ({ ...exclusionView(exclusion), title: titleOf(exclusion.needId) })),
    exclusionCounts: result.exclusionCounts,
  };
}

/**
 * Proposes one volunteer for a need by hand (outside a batch run; the demo and tests use it), with
 * cost parts of zero. Returns the assignment id; a
 * pair already proposed keeps its id.
 */
export async function proposeVolunteer(
  db: Knex,
  community: string,
  actor: string,
  needId: string,
  volunteerId: string,
  now: Date,
): Promise<string> {
  const [existing] = await proposalRows(db, community, { needIds: [needId], volunteerId });
  if (existing !== undefined) return existing.id;
  const id = newAssignmentId();
  const costParts: CostParts = { distance: 0, skillFit: 0, continuity: 0, urgency: 0, load: 0 };
  await insertAssignmentRow(db, community, {
    id,
    need_id: needId,
    volunteer_id: volunteerId,
    status: 'proposed',
    cost_parts: JSON.stringify(costParts),
    cost: 0,
    distance_m: 0,
    updated_by: actor,
    created_at: now,
    updated_at: now,
  });
  return id;
}

/**
 * The engine's eligibility of the pair on the community's current snapshot, and its cost parts.
 * Refusals: `need_not_open` (closed, over, or beyond matching's horizon), `not_a_volunteer`,
 * `volunteer_not_eligible` (the detail names the first rule that fails).
 */
export async function eligibleNow(db: Knex, community: string, need: NeedRow, volunteerId: string, now: Date): Promise<Proposal> {
  const facts = await readFacts(db, community, now);
  requireMatchableNeed(need, now, facts);
  if (!facts.snapshot.volunteerIndexById.has(volunteerId))
    throw new ApiError('not_a_volunteer', { detail: 'add skills, a home grid cell and availability to your volunteer profile first' });
  const pair = browsePair(facts.snapshot, volunteerId, need.id);
  if (!pair.eligible) throw new ApiError('volunteer_not_eligible', { detail: `rule ${pair.exclusion.rule}: ${pair.exclusion.detail}` });
  return pair.proposal;
}
