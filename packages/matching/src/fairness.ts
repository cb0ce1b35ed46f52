// Load fairness, measured: the Gini coefficient of volunteers' load after batch runs with and
// without the load part of the cost, under each reading of "load" the figures report.

import { runBatch, type BatchResult } from './batch.js';
import { gini } from './gini.js';
import { createSnapshot, type SnapshotInput } from './snapshot.js';

/** Slots a batch gave each volunteer. */
export function givenLoad(result: BatchResult): Map<string, number> {
  const given = new Map<string, number>();
  for (const proposal of result.proposals) given.set(proposal.volunteerId, (given.get(proposal.volunteerId) ?? 0) + 1);
  return given;
}

/**
 * Gini of the slots a batch gave each considered volunteer (those with at least one eligible
 * pair), zeros included: the volunteers the run could have used are the population it shares
 * work among. Recent load is left out so the figure shows what this run did.
 */
export function batchLoadGini(result: BatchResult): number {
  const given = givenLoad(result);
  return gini(result.consideredVolunteerIds.map((id) => given.get(id) ?? 0));
}

/** Gini of the slots a batch gave the volunteers it gave any: how evenly those who serve share the work (idle volunteers left out). */
export function servedLoadGini(result: BatchResult): number {
  return gini([...givenLoad(result).values()]);
}

/**
 * Gini of each considered volunteer's load after the batch: the recent assignments carried in
 * (what the load part prices) plus the slots the batch gave.
 */
export function loadAfterBatchGini(result: BatchResult, recentById: ReadonlyMap<string, number>): number {
  const given = givenLoad(result);
  return gini(result.consideredVolunteerIds.map((id) => (recentById.get(id) ?? 0) + (given.get(id) ?? 0)));
}

/** One reading of load: its Gini with the load part, without it, and the ratio (below 1 when the load part spreads work). */
export interface GiniReading {
  readonly with: number;
  readonly without: number;
  readonly ratio: number;
}

function reading(withPenalty: number, withoutPenalty: number): GiniReading {
  return { with: withPenalty, without: withoutPenalty, ratio: withoutPenalty === 0 ? 1 : withPenalty / withoutPenalty };
}

export interface FairnessComparison {
  /** Slots given by this batch, over the considered volunteers, zeros included (batchLoadGini). */
  readonly giniWith: number;
  readonly giniWithout: number;
  /** giniWith / giniWithout. */
  readonly giniRatio: number;
  /** The lowest Gini any assignment of the same number of slots to the same volunteers could reach, ignoring who can serve what. */
  readonly giniFloor: number;
  /**
   * The same measure when batch prices load alone (every other weight 0): the most even spread
   * the load part reaches given who can serve which need, with as many slots filled.
   */
  readonly giniLoadOnly: number;
  /** Slots given by this batch, over the volunteers given any (servedLoadGini). */
  readonly served: GiniReading;
  /** Recent load carried in plus slots given, over the considered volunteers (loadAfterBatchGini). */
  readonly afterBatch: GiniReading;
  readonly filledWith: number;
  readonly filledWithout: number;
  /** Share of filled slots lost by the load part (0 when none). */
  readonly fillLossShare: number;
  readonly costWith: number;
  readonly costWithout: number;
}

/** Gini of `slots` whole slots spread as evenly as possible over `people`: each gets q or q + 1. */
export function evenGini(slots: number, people: number): number {
  if (people === 0) return 0;
  const base = Math.floor(slots / people);
  const extra = slots - base * people;
  return gini(Array.from({ length: people }, (_, index) => base + (index < extra ? 1 : 0)));
}

/** Runs batch on the same input with the policy's load weight, with it at zero, and with load priced alone. */
export function compareFairness(input: SnapshotInput): FairnessComparison {
  const weights = input.policy?.weights;
  const withPenalty = runBatch(createSnapshot(input));
  const withoutPenalty = runBatch(createSnapshot({ ...input, policy: { ...input.policy, weights: { ...weights, loadPerAssignment: 0 } } }));
  const loadOnly = runBatch(
    createSnapshot({
      ...input,
      policy: {
        ...input.policy,
        weights: {
          distancePerKm: 0,
          skillFitPerLevel: 0,
          continuityMiss: 0,
          urgencyPerLevel: 0,
          loadPerAssignment: Math.max(1, weights?.loadPerAssignment ?? 1),
        },
      },
    }),
  );
  const recent = new Map(input.volunteers.map((volunteer) => [volunteer.id, volunteer.recentAssignments]));
  const single = reading(batchLoadGini(withPenalty), batchLoadGini(withoutPenalty));
  return {
    giniWith: single.with,
    giniWithout: single.without,
    giniRatio: single.ratio,
    giniFloor: evenGini(withPenalty.filledSlots, withPenalty.consideredVolunteerIds.length),
    giniLoadOnly: batchLoadGini(loadOnly),
    served: reading(servedLoadGini(withPenalty), servedLoadGini(withoutPenalty)),
    afterBatch: reading(loadAfterBatchGini(withPenalty, recent), loadAfterBatchGini(withoutPenalty, recent)),
    filledWith: withPenalty.filledSlots,
    filledWithout: withoutPenalty.filledSlots,
    fillLossShare: withoutPenalty.filledSlots === 0 ? 0 : Math.max(0, 1 - withPenalty.filledSlots / withoutPenalty.filledSlots),
    costWith: withPenalty.totalCost,
    costWithout: withoutPenalty.totalCost,
  };
}
