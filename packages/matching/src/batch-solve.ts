// Solves a batch problem exactly: the most slots weighted by urgency first, then the least cost.
//
// The network: terminal → volunteer (one arc per budget step, costing that step's load part, so the
// k-th slot of a volunteer costs at least the (k−1)-th: convex costs are exact as parallel arcs)
// → cluster (capacity 1, only for clusters of two or more needs) → need (capacity 1, the pair's
// cost) → terminal (capacity: the need's open slots, cost −weight × scale). The terminal is both
// source and sink (see min-cost-flow.ts).
//
// Why the scale makes the objective lexicographic: let C(f) be the pair and load costs of a flow
// f and W(f) its weighted slots; the network's cost is C(f) − scale × W(f). Every C(f) lies in
// [0, Cmax] with Cmax = (open slots) × (largest pair cost + largest load step). With
// scale = Cmax + 1, if W(f) > W(g) then W(f) ≥ W(g) + 1 (weights are integers) and
// cost(f) − cost(g) ≤ Cmax − scale < 0: more weight always wins, and among flows of equal weight
// the network cost orders them by C. So the minimum-cost flow is the lexicographic optimum.
// It also fills the most slots, counted plainly: the sets of slots that can be filled together
// form a matroid (a gammoid), and a maximum-weight independent set with positive weights is a
// basis, whose size is the rank. That is why batch never fills fewer slots than greedy.

import { assert } from './assert.js';
import type { BatchProblem } from './batch-problem.js';
import { slotsPerVolunteerPerBatchMax } from './limits.js';
import { createSearchState, FlowNetwork } from './min-cost-flow.js';

/** Filled slots counted by weight, and the cost of the pairs and load steps used. */
export interface Objective {
  readonly filledSlots: number;
  readonly weightedSlots: number;
  readonly cost: number;
}

/** Which pairs a solver chose; each pair fills one slot of its need. */
export type PairChoice = Uint8Array;

/** The objective of a choice of pairs: load steps are charged in order 1, 2, … per volunteer. */
export function objectiveOf(problem: BatchProblem, chosen: PairChoice): Objective {
  const taken = new Int32Array(problem.volunteerCount);
  let filledSlots = 0;
  let weightedSlots = 0;
  let cost = 0;
  for (let pair = 0; pair < problem.pairCount; pair += 1) {
    if (chosen[pair] !== 1) continue;
    const v = problem.pairVolunteer[pair] as number;
    taken[v] = (taken[v] as number) + 1;
    filledSlots += 1;
    weightedSlots += problem.needWeight[problem.pairNeed[pair] as number] as number;
    cost +=
      (problem.pairCost[pair] as number) +
      (problem.volunteerLoadStep[v * slotsPerVolunteerPerBatchMax + (taken[v] as number) - 1] as number);
  }
  return { filledSlots, weightedSlots, cost };
}

/** Why a choice is infeasible, or null: slots, budgets and clusters, the constraints of every solver. */
export function infeasibilityOf(problem: BatchProblem, chosen: PairChoice): string | null {
  const filled = new Int32Array(problem.needCount);
  const taken = new Int32Array(problem.volunteerCount);
  const clusterUsed = new Set<number>();
  for (let pair = 0; pair < problem.pairCount; pair += 1) {
    if (chosen[pair] !== 1) continue;
    const need = problem.pairNeed[pair] as number;
    const v = problem.pairVolunteer[pair] as number;
    filled[need] = (filled[need] as number) + 1;
    taken[v] = (taken[v] as number) + 1;
    if ((filled[need] as number) > (problem.needOpenSlots[need] as number)) return `need ${need} over its open slots`;
    if ((taken[v] as number) > (problem.volunteerBudget[v] as number)) return `volunteer ${v} over budget`;
    const cluster = problem.pairCluster[pair] as number;
    if (clusterUsed.has(cluster)) return `volunteer ${v} twice in cluster ${cluster}`;
    clusterUsed.add(cluster);
  }
  return null;
}

/** The exact lexicographic optimum by min-cost flow. */
export function solveBatchProblem(problem: BatchProblem): PairChoice {
  const { needCount, volunteerCount, pairCount } = problem;
  let pairCostMax = 0;
  for (let pair = 0; pair < pairCount; pair += 1) pairCostMax = Math.max(pairCostMax, problem.pairCost[pair] as number);
  let loadStepMax = 0;
  for (const step of problem.volunteerLoadStep) loadStepMax = Math.max(loadStepMax, step);
  let openSlots = 0;
  let weightMax = 0;
  for (let need = 0; need < needCount; need += 1) {
    openSlots += problem.needOpenSlots[need] as number;
    weightMax = Math.max(weightMax, problem.needWeight[need] as number);
  }
  const scale = openSlots * (pairCostMax + loadStepMax) + 1;
  assert(scale * weightMax * (openSlots + 1) < 2 ** 50, 'the scaled objective stays within exact integers');

  // Clusters with two or more pairs get a node; a lone pair's cluster constraint is its arc's
  // capacity. Cluster ids are dense (0 .. clusterCount − 1).
  let clusterCount = 0;
  for (let pair = 0; pair < pairCount; pair += 1) clusterCount = Math.max(clusterCount, (problem.pairCluster[pair] as number) + 1);
  const clusterSize = new Int32Array(clusterCount);
  for (let pair = 0; pair < pairCount; pair += 1) {
    const cluster = problem.pairCluster[pair] as number;
    clusterSize[cluster] = (clusterSize[cluster] as number) + 1;
  }
  const terminal = 0;
  const volunteerBase = 1;
  const needBase = volunteerBase + volunteerCount;
  let nodeCount = needBase + needCount;
  const clusterNode = new Int32Array(clusterCount).fill(-1);
  for (let cluster = 0; cluster < clusterCount; cluster += 1) {
    if ((clusterSize[cluster] as number) >= 2) clusterNode[cluster] = nodeCount++;
  }
  let budgetTotal = 0;
  for (let v = 0; v < volunteerCount; v += 1) budgetTotal += problem.volunteerBudget[v] as number;
  const network = new FlowNetwork(nodeCount, pairCount + budgetTotal + (nodeCount - needBase - needCount) + needCount);
  for (let v = 0; v < volunteerCount; v += 1) {
    for (let k = 0; k < (problem.volunteerBudget[v] as number); k += 1) {
      network.addArc(terminal, volunteerBase + v, 1, problem.volunteerLoadStep[v * slotsPerVolunteerPerBatchMax + k] as number);
    }
  }
  const clusterArcAdded = new Uint8Array(clusterCount);
  const pairArc = new Int32Array(pairCount);
  for (let pair = 0; pair < pairCount; pair += 1) {
    const v = problem.pairVolunteer[pair] as number;
    const cluster = problem.pairCluster[pair] as number;
    const node = clusterNode[cluster] as number;
    let from = volunteerBase + v;
    if (node !== -1) {
      if (clusterArcAdded[cluster] === 0) {
        network.addArc(volunteerBase + v, node, 1, 0);
        clusterArcAdded[cluster] = 1;
      }
      from = node;
    }
    pairArc[pair] = network.addArc(from, needBase + (problem.pairNeed[pair] as number), 1, problem.pairCost[pair] as number);
  }
  const sinkArc = new Int32Array(needCount);
  for (let need = 0; need < needCount; need += 1) {
    sinkArc[need] = network.addArc(needBase + need, terminal, 0, -(problem.needWeight[need] as number) * scale);
  }

  // Open slots one unit at a time, heaviest weight first (any order is exact; this one spares
  // the searches that would evict a lighter slot for a heavier one). A unit that cannot be
  // filled leaves the network as it was, so the need's further slots cannot be filled either.
  // A unit may also fill by evicting a slot of equal weight whose volunteer serves it at more
  // cost; the evicted need's unit stays open and unused, and stays optimal by the same argument.
  const order = Array.from({ length: needCount }, (_, need) => need);
  order.sort((a, b) => (problem.needWeight[b] as number) - (problem.needWeight[a] as number) || a - b);
  const state = createSearchState(nodeCount);
  for (const need of order) {
    for (let slot = 0; slot < (problem.needOpenSlots[need] as number); slot += 1) {
      if (!network.addUnit(sinkArc[need] as number, terminal, state)) break;
    }
  }
  network.assertPotentialsExact(state);
  let filledTotal = 0;
  for (let need = 0; need < needCount; need += 1) filledTotal += network.flowOn(sinkArc[need] as number);

  const chosen = new Uint8Array(pairCount);
  let chosenCount = 0;
  for (let pair = 0; pair < pairCount; pair += 1) {
    if (network.flowOn(pairArc[pair] as number) === 1) {
      chosen[pair] = 1;
      chosenCount += 1;
    }
  }
  assert(chosenCount === filledTotal, 'every unit of flow fills exactly one pair');
  assert(infeasibilityOf(problem, chosen) === null, 'the flow respects slots, budgets and clusters');
  return chosen;
}
