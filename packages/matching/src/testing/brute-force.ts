// The batch optimum by exhaustive search, for checking the min-cost flow on small problems.

import type { BatchProblem } from '../batch-problem.js';
import { objectiveOf, type Objective, type PairChoice } from '../batch-solve.js';
import { assert } from '../assert.js';
import { slotsPerVolunteerPerBatchMax } from '../limits.js';

/** Choices a search may visit before it gives up: the tests keep problems well below this. */
export const bruteForceLeavesMax = 5_000_000;

/** Better is more weighted slots, then less cost. */
export function isBetter(a: Objective, b: Objective): boolean {
  return a.weightedSlots > b.weightedSlots || (a.weightedSlots === b.weightedSlots && a.cost < b.cost);
}

/**
 * Tries every feasible choice of pairs (each need takes a subset of its pairs no larger than its
 * open slots; budgets and clusters hold) and returns the best objective and the most slots filled
 * by any feasible choice.
 */
export function bruteForce(problem: BatchProblem): { best: Objective; mostSlots: number } {
  const pairsByNeed: number[][] = Array.from({ length: problem.needCount }, () => []);
  for (let pair = 0; pair < problem.pairCount; pair += 1) (pairsByNeed[problem.pairNeed[pair] as number] as number[]).push(pair);
  const chosen: PairChoice = new Uint8Array(problem.pairCount);
  const taken = new Int32Array(problem.volunteerCount);
  const clusterUsed = new Set<number>();
  let best: Objective = { filledSlots: 0, weightedSlots: 0, cost: 0 };
  let mostSlots = 0;
  let leaves = 0;

  const visitNeed = (need: number): void => {
    if (need === problem.needCount) {
      leaves += 1;
      assert(leaves <= bruteForceLeavesMax, 'brute force problem too large');
      const objective = objectiveOf(problem, chosen);
      if (isBetter(objective, best)) best = objective;
      mostSlots = Math.max(mostSlots, objective.filledSlots);
      return;
    }
    const pairs = pairsByNeed[need] as number[];
    const choose = (from: number, left: number): void => {
      visitNeed(need + 1);
      if (left === 0) return;
      for (let index = from; index < pairs.length; index += 1) {
        const pair = pairs[index] as number;
        const v = problem.pairVolunteer[pair] as number;
        const cluster = problem.pairCluster[pair] as number;
        if ((taken[v] as number) >= (problem.volunteerBudget[v] as number) || clusterUsed.has(cluster)) continue;
        chosen[pair] = 1;
        taken[v] = (taken[v] as number) + 1;
        clusterUsed.add(cluster);
        choose(index + 1, left - 1);
        chosen[pair] = 0;
        taken[v] = (taken[v] as number) - 1;
        clusterUsed.delete(cluster);
      }
    };
    choose(0, problem.needOpenSlots[need] as number);
  };
  visitNeed(0);
  assert(slotsPerVolunteerPerBatchMax >= 1, 'budgets are positive');
  return { best, mostSlots };
}
