// Batch's exact solver against exhaustive search and against greedy, on small random problems.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBatchProblem } from './batch-problem.js';
import { infeasibilityOf, objectiveOf, solveBatchProblem } from './batch-solve.js';
import { emptyExclusionCounts } from './eligibility.js';
import { solveGreedy } from './greedy.js';
import { createSnapshot } from './snapshot.js';
import { bruteForce } from './testing/brute-force.js';
import { smallBatchProblem, smallSnapshotInput } from './testing/small-cases.js';

describe('solveBatchProblem', () => {
  it('equals the brute-force optimum (weighted slots, then cost) on small bare problems', () => {
    fc.assert(
      fc.property(smallBatchProblem, (problem) => {
        const chosen = solveBatchProblem(problem);
        expect(infeasibilityOf(problem, chosen)).toBeNull();
        const { best, mostSlots } = bruteForce(problem);
        const objective = objectiveOf(problem, chosen);
        expect(objective.weightedSlots).toBe(best.weightedSlots);
        expect(objective.cost).toBe(best.cost);
        expect(objective.filledSlots).toBe(mostSlots);
      }),
      { numRuns: 400 },
    );
  });

  it('equals the brute-force optimum on small random snapshots, confirmed assignments included', () => {
    fc.assert(
      fc.property(smallSnapshotInput, (input) => {
        const snapshot = createSnapshot(input);
        const problem = buildBatchProblem(snapshot, { counts: emptyExclusionCounts(), list: null });
        const objective = objectiveOf(problem, solveBatchProblem(problem));
        const { best, mostSlots } = bruteForce(problem);
        expect(objective.weightedSlots).toBe(best.weightedSlots);
        expect(objective.cost).toBe(best.cost);
        expect(objective.filledSlots).toBe(mostSlots);
      }),
      { numRuns: 300 },
    );
  });

  it('never fills fewer slots than greedy, whatever order greedy takes the needs in', () => {
    fc.assert(
      fc.property(smallBatchProblem, fc.integer(), (problem, seed) => {
        const order = Array.from({ length: problem.needCount }, (_, index) => index);
        order.sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13) || a - b);
        const greedy = solveGreedy(problem, Int32Array.from(order));
        expect(infeasibilityOf(problem, greedy)).toBeNull();
        const exact = objectiveOf(problem, solveBatchProblem(problem));
        expect(exact.filledSlots).toBeGreaterThanOrEqual(objectiveOf(problem, greedy).filledSlots);
        expect(exact.weightedSlots).toBeGreaterThanOrEqual(objectiveOf(problem, greedy).weightedSlots);
      }),
      { numRuns: 400 },
    );
  });
});
