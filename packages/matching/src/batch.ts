// Batch mode: proposals for every open slot at once, exact (or greedy, for comparison), with
// confirmed assignments held fixed.

import { assert } from './assert.js';
import { buildBatchProblem } from './batch-problem.js';
import { objectiveOf, solveBatchProblem, type PairChoice } from './batch-solve.js';
import type { ExclusionSink } from './candidates.js';
import { pairCostParts } from './cost.js';
import { emptyExclusionCounts, type Exclusion, type ExclusionCounts } from './eligibility.js';
import { solveGreedy } from './greedy.js';
import { slotsPerVolunteerPerBatchMax } from './limits.js';
import type { ConfirmedAssignment, ServiceNeed, Volunteer } from './model.js';
import { makeProposal, type Proposal } from './proposal.js';
import type { Snapshot } from './snapshot.js';

export interface BatchOptions {
  /** 'exact' (default) is the min-cost flow; 'greedy' is the first-come baseline. */
  readonly solver?: 'exact' | 'greedy';
  /** List every exclusion (up to exclusionsMax); counts per rule are always returned. */
  readonly collectExclusions?: boolean;
}

export interface NeedOutcome {
  readonly needId: string;
  readonly slots: number;
  readonly confirmedSlots: number;
  readonly proposedSlots: number;
  readonly unfilledSlots: number;
}

export interface BatchResult {
  /** New proposals, by need then volunteer. */
  readonly proposals: Proposal[];
  /** The confirmed assignments given, unchanged: batch never moves them. */
  readonly confirmed: readonly ConfirmedAssignment[];
  readonly needs: NeedOutcome[];
  /** Slots open before the run (slots minus confirmed ones). */
  readonly openSlots: number;
  /** Slots the proposals fill. */
  readonly filledSlots: number;
  /** Filled slots, each counted by its need's urgency weight. */
  readonly weightedSlots: number;
  /** Sum of the proposals' costs. */
  readonly totalCost: number;
  /** Volunteers with at least one eligible pair: those the run could have used (fairness is measured over them). */
  readonly consideredVolunteerIds: string[];
  readonly exclusionCounts: ExclusionCounts;
  readonly exclusions: Exclusion[];
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs batch mode over a snapshot. The exact solver fills the most slots weighted by urgency, then
 * minimises the total cost, over the candidate pairs (see batch-problem.ts for the restrictions).
 */
export function runBatch(snapshot: Snapshot, options: BatchOptions = {}): BatchResult {
  const sink: ExclusionSink = { counts: emptyExclusionCounts(), list: options.collectExclusions === true ? [] : null };
  const problem = buildBatchProblem(snapshot, sink);
  let chosen: PairChoice;
  if (options.solver === 'greedy') {
    const order = Array.from({ length: problem.needCount }, (_, index) => index);
    order.sort((a, b) => {
      const needA = snapshot.needs[problem.needOf[a] as number] as ServiceNeed;
      const needB = snapshot.needs[problem.needOf[b] as number] as ServiceNeed;
      return needB.urgency - needA.urgency || needA.postedAtMs - needB.postedAtMs || compareIds(needA.id, needB.id);
    });
    chosen = solveGreedy(problem, Int32Array.from(order));
  } else {
    chosen = solveBatchProblem(problem);
  }
  const objective = objectiveOf(problem, chosen);

  // Each volunteer's load steps go to its chosen needs in window order: the earliest is step 1.
  const chosenByVolunteer = new Map<number, number[]>();
  for (let pair = 0; pair < problem.pairCount; pair += 1) {
    if (chosen[pair] !== 1) continue;
    const v = problem.pairVolunteer[pair] as number;
    const list = chosenByVolunteer.get(v) ?? [];
    list.push(pair);
    chosenByVolunteer.set(v, list);
  }
  const proposals: Proposal[] = [];
  const proposedByNeed = new Int32Array(snapshot.needs.length);
  for (const [v, pairs] of chosenByVolunteer) {
    pairs.sort(
      (a, b) =>
        (problem.needStartMs[problem.pairNeed[a] as number] as number) - (problem.needStartMs[problem.pairNeed[b] as number] as number) ||
        a - b,
    );
    pairs.forEach((pair, index) => {
      const sv = problem.volunteerOf[v] as number;
      const n = problem.needOf[problem.pairNeed[pair] as number] as number;
      const distanceM = problem.pairDistanceM[pair] as number;
      const load = problem.volunteerLoadStep[v * slotsPerVolunteerPerBatchMax + index] as number;
      const parts = { ...pairCostParts(snapshot, sv, n, distanceM), load };
      proposals.push(makeProposal(snapshot.needs[n] as ServiceNeed, snapshot.volunteers[sv] as Volunteer, distanceM, parts));
      proposedByNeed[n] = (proposedByNeed[n] as number) + 1;
    });
  }
  proposals.sort((a, b) => compareIds(a.needId, b.needId) || compareIds(a.volunteerId, b.volunteerId));
  let totalCost = 0;
  for (const proposal of proposals) totalCost += proposal.cost;
  let openSlots = 0;
  const needs: NeedOutcome[] = snapshot.needs.map((need, n) => {
    const open = snapshot.needOpenSlots[n] as number;
    openSlots += open;
    const proposed = proposedByNeed[n] as number;
    return {
      needId: need.id,
      slots: need.slots,
      confirmedSlots: snapshot.needConfirmedSlots[n] as number,
      proposedSlots: proposed,
      unfilledSlots: open - proposed,
    };
  });
  assert(totalCost === objective.cost, 'proposal costs add up to the objective');
  return {
    proposals,
    confirmed: snapshot.confirmed,
    needs,
    openSlots,
    filledSlots: objective.filledSlots,
    weightedSlots: objective.weightedSlots,
    totalCost,
    consideredVolunteerIds: Array.from(problem.volunteerOf, (v) => (snapshot.volunteers[v] as Volunteer).id),
    exclusionCounts: sink.counts,
    exclusions: sink.list ?? [],
  };
}
