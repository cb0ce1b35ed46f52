// Load fairness, measured: the Gini coefficient of the load a batch gives, with and without the
// load part of the cost.

import { runBatch, type BatchResult } from './batch.js';
import { gini } from './gini.js';
import { createSnapshot, type SnapshotInput } from './snapshot.js';

/**
 * Gini of the slots a batch gave each considered volunteer (those with at least one eligible
 * pair), zeros included: the volunteers the run could have used are the population it shares
 * work among. Recent load is left out so the figure shows what this run did.
 */
export function batchLoadGini(result: BatchResult): number {
  const given = new Map<string, number>();
  for (const proposal of result.proposals) given.set(proposal.volunteerId, (given.get(proposal.volunteerId) ?? 0) + 1);
  return gini(result.consideredVolunteerIds.map((id) => given.get(id) ?? 0));
}

export interface FairnessComparison {
  readonly giniWith: number;
  readonly giniWithout: number;
  /** giniWith / giniWithout: below 1 when the load part spreads work. */
  readonly giniRatio: number;
  /** The lowest Gini any assignment of the same number of slots to the same volunteers could reach. */
  readonly giniFloor: number;
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

/** Runs batch on the same input with the policy's load weight and with it set to zero. */
export function compareFairness(input: SnapshotInput): FairnessComparison {
  const withPenalty = runBatch(createSnapshot(input));
  const withoutPenalty = runBatch(createSnapshot({ ...input, policy: { ...input.policy, weights: { ...input.policy?.weights, loadPerAssignment: 0 } } }));
  const giniWith = batchLoadGini(withPenalty);
  const giniWithout = batchLoadGini(withoutPenalty);
  return {
    giniWith,
    giniWithout,
    giniRatio: giniWithout === 0 ? 1 : giniWith / giniWithout,
    giniFloor: evenGini(withPenalty.filledSlots, withPenalty.consideredVolunteerIds.length),
    filledWith: withPenalty.filledSlots,
    filledWithout: withoutPenalty.filledSlots,
    fillLossShare: withoutPenalty.filledSlots === 0 ? 0 : Math.max(0, 1 - withPenalty.filledSlots / withoutPenalty.filledSlots),
    costWith: withPenalty.totalCost,
    costWithout: withoutPenalty.totalCost,
  };
}
