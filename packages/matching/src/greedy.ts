// The greedy baseline, what first-come systems do: needs in order of urgency then post time, each
// slot to its cheapest eligible free volunteer. It sees the same pairs, costs and constraints as
// batch, so the comparison is fair.

import type { BatchProblem } from './batch-problem.js';
import type { PairChoice } from './batch-solve.js';
import { slotsPerVolunteerPerBatchMax } from './limits.js';

/** Greedy choice over `needOrder` (problem need indexes, most urgent and oldest first). */
export function solveGreedy(problem: BatchProblem, needOrder: Int32Array): PairChoice {
  const pairsByNeed: number[][] = Array.from({ length: problem.needCount }, () => []);
  for (let pair = 0; pair < problem.pairCount; pair += 1) (pairsByNeed[problem.pairNeed[pair] as number] as number[]).push(pair);
  const chosen = new Uint8Array(problem.pairCount);
  const taken = new Int32Array(problem.volunteerCount);
  const clusterUsed = new Uint8Array(problem.pairCount === 0 ? 0 : Math.max(...problem.pairCluster) + 1);
  for (const need of needOrder) {
    const pairs = pairsByNeed[need] as number[];
    for (let slot = 0; slot < (problem.needOpenSlots[need] as number); slot += 1) {
      let best = -1;
      let bestCost = Infinity;
      for (const pair of pairs) {
        const v = problem.pairVolunteer[pair] as number;
        if (
          chosen[pair] === 1 ||
          (taken[v] as number) >= (problem.volunteerBudget[v] as number) ||
          clusterUsed[problem.pairCluster[pair] as number] === 1
        )
          continue;
        const cost =
          (problem.pairCost[pair] as number) +
          (problem.volunteerLoadStep[v * slotsPerVolunteerPerBatchMax + (taken[v] as number)] as number);
        // Pairs are listed nearest first, so a strict comparison breaks ties by distance.
        if (cost < bestCost) {
          best = pair;
          bestCost = cost;
        }
      }
      if (best === -1) break;
      chosen[best] = 1;
      const v = problem.pairVolunteer[best] as number;
      taken[v] = (taken[v] as number) + 1;
      clusterUsed[problem.pairCluster[best] as number] = 1;
    }
  }
  return chosen;
}
