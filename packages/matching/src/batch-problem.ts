// The batch problem as numbers: needs with open slots and weights, volunteers with slot budgets
// and load steps, and the eligible pairs with their costs and time clusters.
//
// Two needs whose windows come within the travel buffer of each other may not go to one
// volunteer. Exact handling of such pairwise conflicts makes assignment NP-hard (it contains
// interval scheduling on unrelated machines), so batch restricts it: for each volunteer, its
// candidate needs are grouped into clusters (chains of windows that overlap, buffer included) and
// the volunteer takes at most one need per cluster. Two needs that overlap always share a cluster,
// so no proposal ever double-books anyone; the price is that a chain A–B–C where only A and C are
// apart still allows one of the three. The same restriction binds greedy and the brute force.
//
// The weekly cap is a sum of hours (a knapsack); batch restricts it too: a volunteer's slot budget
// is, over each week its candidate needs fall in, the hours left that week divided by the longest
// candidate need that week, rounded down, the smallest over those weeks, and at most
// slotsPerVolunteerPerBatchMax. Any set of budget-many candidate needs then fits every week's cap.

import { assert } from './assert.js';
import { candidatesForNeed, type ExclusionSink } from './candidates.js';
import { loadStepCost, pairBaseCost } from './cost.js';
import { candidatesPerNeedMax, openSlotsPerBatchMax, slotsPerVolunteerPerBatchMax } from './limits.js';
import type { Urgency, Volunteer } from './model.js';
import type { Snapshot } from './snapshot.js';
import { minuteMs } from './time.js';

/** How much one filled slot of a need counts when batch maximises filled slots: its urgency. */
export function urgencyWeight(urgency: Urgency): number {
  return urgency;
}

export interface BatchProblem {
  readonly needCount: number;
  /** Snapshot need index of each problem need. */
  readonly needOf: Int32Array;
  readonly needOpenSlots: Int32Array;
  readonly needWeight: Int32Array;
  /** Window start, end (ms) of each problem need; greedy orders by them and clusters use them. */
  readonly needStartMs: Float64Array;
  readonly volunteerCount: number;
  /** Snapshot volunteer index of each problem volunteer. */
  readonly volunteerOf: Int32Array;
  /** New slots each volunteer may take in this batch, ≥ 1. */
  readonly volunteerBudget: Int32Array;
  /** Load part of the k-th new slot of volunteer v at v × slotsPerVolunteerPerBatchMax + k − 1; never falling in k. */
  readonly volunteerLoadStep: Float64Array;
  readonly pairCount: number;
  readonly pairVolunteer: Int32Array;
  readonly pairNeed: Int32Array;
  /** Cost of the pair without its load part (integer cost points). */
  readonly pairCost: Float64Array;
  readonly pairDistanceM: Float64Array;
  /** Pairs of one volunteer with the same cluster id conflict in time: at most one may be chosen. */
  readonly pairCluster: Int32Array;
}

/**
 * Builds the batch problem from a snapshot: every need with an open slot, its candidates from the
 * grid index (nearest first, at most candidatesPerNeedMax), clusters and budgets as above.
 */
export function buildBatchProblem(snapshot: Snapshot, sink: ExclusionSink, candidateLimit: number = candidatesPerNeedMax): BatchProblem {
  const needOf: number[] = [];
  const pairVolunteerSnapshot: number[] = [];
  const pairNeed: number[] = [];
  const pairDistance: number[] = [];
  for (let n = 0; n < snapshot.needs.length; n += 1) {
    if ((snapshot.needOpenSlots[n] as number) === 0) continue;
    const problemNeed = needOf.length;
    needOf.push(n);
    const { volunteers, distancesM } = candidatesForNeed(snapshot, n, candidateLimit, sink);
    for (let index = 0; index < volunteers.length; index += 1) {
      pairVolunteerSnapshot.push(volunteers[index] as number);
      pairNeed.push(problemNeed);
      pairDistance.push(distancesM[index] as number);
    }
  }
  const needCount = needOf.length;
  const needOpenSlots = new Int32Array(needCount);
  const needWeight = new Int32Array(needCount);
  const needStartMs = new Float64Array(needCount);
  const needEndMs = new Float64Array(needCount);
  let openSlotsTotal = 0;
  for (let p = 0; p < needCount; p += 1) {
    const n = needOf[p] as number;
    openSlotsTotal += snapshot.needOpenSlots[n] as number;
    const need = snapshot.needs[n];
    assert(need !== undefined, 'problem need must exist');
    needOpenSlots[p] = snapshot.needOpenSlots[n] as number;
    needWeight[p] = urgencyWeight(need.urgency);
    needStartMs[p] = need.window.startMs;
    needEndMs[p] = need.window.endMs;
  }

  assert(openSlotsTotal <= openSlotsPerBatchMax, `a batch holds at most ${openSlotsPerBatchMax} open slots`);

  // Number the volunteers that have at least one pair, in snapshot order.
  const problemVolunteerOf = new Int32Array(snapshot.volunteers.length).fill(-1);
  const volunteerOf: number[] = [];
  const pairCount = pairNeed.length;
  const pairVolunteer = new Int32Array(pairCount);
  for (let pair = 0; pair < pairCount; pair += 1) {
    const v = pairVolunteerSnapshot[pair] as number;
    if (problemVolunteerOf[v] === -1) {
      problemVolunteerOf[v] = volunteerOf.length;
      volunteerOf.push(v);
    }
    pairVolunteer[pair] = problemVolunteerOf[v] as number;
  }
  const volunteerCount = volunteerOf.length;

  const pairCost = new Float64Array(pairCount);
  for (let pair = 0; pair < pairCount; pair += 1) {
    pairCost[pair] = pairBaseCost(
      snapshot,
      pairVolunteerSnapshot[pair] as number,
      needOf[pairNeed[pair] as number] as number,
      pairDistance[pair] as number,
    );
  }

  // Pairs of each volunteer, for clusters and budgets.
  const pairsByVolunteer: number[][] = Array.from({ length: volunteerCount }, () => []);
  for (let pair = 0; pair < pairCount; pair += 1) (pairsByVolunteer[pairVolunteer[pair] as number] as number[]).push(pair);
  const pairCluster = new Int32Array(pairCount);
  const volunteerBudget = new Int32Array(volunteerCount);
  const volunteerLoadStep = new Float64Array(volunteerCount * slotsPerVolunteerPerBatchMax);
  const bufferMs = snapshot.policy.travelBufferMinutes * minuteMs;
  let clusterCount = 0;
  const longestByWeek = new Map<number, number>();
  for (let pv = 0; pv < volunteerCount; pv += 1) {
    const pairs = pairsByVolunteer[pv] as number[];
    pairs.sort((a, b) => (needStartMs[pairNeed[a] as number] as number) - (needStartMs[pairNeed[b] as number] as number) || a - b);
    let clusterEndMs = -Infinity;
    for (const pair of pairs) {
      const p = pairNeed[pair] as number;
      if ((needStartMs[p] as number) >= clusterEndMs + bufferMs) clusterCount += 1;
      clusterEndMs = Math.max(clusterEndMs, needEndMs[p] as number);
      pairCluster[pair] = clusterCount - 1;
    }
    const v = volunteerOf[pv] as number;
    longestByWeek.clear();
    for (const pair of pairs) {
      const n = needOf[pairNeed[pair] as number] as number;
      const week = snapshot.needWeek[n] as number;
      longestByWeek.set(week, Math.max(longestByWeek.get(week) ?? 0, snapshot.needHundredths[n] as number));
    }
    let budget = slotsPerVolunteerPerBatchMax;
    const committed = snapshot.commitmentsOf(v).hundredthsByWeek;
    for (const [week, longest] of longestByWeek) {
      const left = (snapshot.volunteerCapHundredths[v] as number) - (committed.get(week) ?? 0);
      budget = Math.min(budget, Math.floor(left / longest));
    }
    // Every pair passed the weeklyCap rule, so each week has room for its longest candidate.
    assert(budget >= 1, 'a volunteer with a candidate has a budget of at least one slot');
    volunteerBudget[pv] = budget;
    const recent = (snapshot.volunteers[v] as Volunteer).recentAssignments;
    for (let k = 1; k <= slotsPerVolunteerPerBatchMax; k += 1) {
      volunteerLoadStep[pv * slotsPerVolunteerPerBatchMax + k - 1] = loadStepCost(snapshot.policy.weights, recent, k);
    }
  }

  return {
    needCount,
    needOf: Int32Array.from(needOf),
    needOpenSlots,
    needWeight,
    needStartMs,
    volunteerCount,
    volunteerOf: Int32Array.from(volunteerOf),
    volunteerBudget,
    volunteerLoadStep,
    pairCount,
    pairVolunteer,
    pairNeed: Int32Array.from(pairNeed),
    pairCost,
    pairDistanceM: Float64Array.from(pairDistance),
    pairCluster,
  };
}
