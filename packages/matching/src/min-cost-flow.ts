// A min-cost flow network grown one unit of capacity at a time, for batch mode's exact assignment.
//
// Source and sink are one node, the terminal, so every augmenting path is a cycle through it and
// the network is a circulation. The network keeps a circulation of least cost for the capacities
// opened so far, and node potentials under which every residual arc not entering the terminal has
// a non-negative reduced cost. Opening one more unit on an arc into the terminal changes the
// optimum by at most one cycle through that unit (the difference of two circulations splits into
// cycles, and any cycle not using the new unit was already there and is not negative), so one
// Dijkstra search from the arc's tail back to the terminal finds it. The search stops when the
// terminal is settled, so a unit that fills from a free volunteer nearby costs a local search.
// This is the Hungarian method's row-by-row growth on a network with capacities.

import { assert } from './assert.js';

/** Reduced costs are integers carried in doubles; this bound keeps every sum exact. */
const exactMax = 2 ** 52;

export class FlowNetwork {
  readonly nodeCount: number;
  #arcCount = 0;
  #head: Int32Array;
  #residual: Int32Array;
  #cost: Float64Array;
  #tail: Int32Array;
  #firstOut: Int32Array | null = null;
  #outArcs: Int32Array | null = null;

  constructor(nodeCount: number, arcCountHint: number) {
    this.nodeCount = nodeCount;
    const size = Math.max(2, 2 * arcCountHint);
    this.#head = new Int32Array(size);
    this.#tail = new Int32Array(size);
    this.#residual = new Int32Array(size);
    this.#cost = new Float64Array(size);
  }

  /** Adds arc tail→head and its reverse; returns the arc's id (even; the reverse is id ^ 1). */
  addArc(tail: number, head: number, capacity: number, cost: number): number {
    assert(this.#firstOut === null, 'arcs are added before the network is frozen');
    assert(tail >= 0 && tail < this.nodeCount && head >= 0 && head < this.nodeCount && tail !== head, 'an arc joins two distinct nodes');
    assert(
      Number.isInteger(capacity) && capacity >= 0 && Number.isInteger(cost) && Math.abs(cost) < exactMax,
      'capacity and cost are integers',
    );
    if (this.#arcCount + 2 > this.#head.length) this.#grow();
    const arc = this.#arcCount;
    this.#head[arc] = head;
    this.#tail[arc] = tail;
    this.#residual[arc] = capacity;
    this.#cost[arc] = cost;
    this.#head[arc + 1] = tail;
    this.#tail[arc + 1] = head;
    this.#residual[arc + 1] = 0;
    this.#cost[arc + 1] = -cost;
    this.#arcCount += 2;
    return arc;
  }

  #grow(): void {
    const size = this.#head.length * 2;
    const head = new Int32Array(size);
    head.set(this.#head);
    this.#head = head;
    const tail = new Int32Array(size);
    tail.set(this.#tail);
    this.#tail = tail;
    const residual = new Int32Array(size);
    residual.set(this.#residual);
    this.#residual = residual;
    const cost = new Float64Array(size);
    cost.set(this.#cost);
    this.#cost = cost;
  }

  /** Units of flow on arc `arc` (an id returned by addArc). */
  flowOn(arc: number): number {
    return this.#residual[arc ^ 1] as number;
  }

  /** Builds the adjacency lists; no arc may be added afterwards. */
  freeze(): void {
    if (this.#firstOut !== null) return;
    const firstOut = new Int32Array(this.nodeCount + 1);
    for (let arc = 0; arc < this.#arcCount; arc += 1) {
      const slot = (this.#tail[arc] as number) + 1;
      firstOut[slot] = (firstOut[slot] as number) + 1;
    }
    for (let node = 0; node < this.nodeCount; node += 1) firstOut[node + 1] = (firstOut[node + 1] as number) + (firstOut[node] as number);
    const fill = firstOut.slice(0, this.nodeCount);
    const outArcs = new Int32Array(this.#arcCount);
    for (let arc = 0; arc < this.#arcCount; arc += 1) {
      const tail = this.#tail[arc] as number;
      outArcs[fill[tail] as number] = arc;
      fill[tail] = (fill[tail] as number) + 1;
    }
    this.#firstOut = firstOut;
    this.#outArcs = outArcs;
  }

  /**
   * Adds one unit of capacity to `arc` (an arc into `terminal`, which is both source and sink)
   * and restores optimality: the new optimum differs from the old one by at most one cycle
   * through the new unit, so it cancels the cheapest cycle through it if that cycle's cost is
   * negative. Returns whether it did; a unit the cycle does not use is withdrawn. Arcs into the
   * terminal are never searched, so they need no potential condition; callers add them with
   * capacity 0. The search runs
   * backwards from the arc's tail to the terminal and stops when the terminal is settled.
   */
  addUnit(arc: number, terminal: number, state: SearchState): boolean {
    this.freeze();
    const firstOut = this.#firstOut as Int32Array;
    const outArcs = this.#outArcs as Int32Array;
    const head = this.#head;
    const residual = this.#residual;
    const cost = this.#cost;
    const { potential, label, nextArc, settledMark, settled, touched, heap } = state;
    assert((head[arc] as number) === terminal, 'units are added to arcs into the terminal');
    const start = this.#tail[arc] as number;
    state.searchId += 1;
    const searchId = state.searchId;
    heap.clear();
    let touchedCount = 0;
    let settledCount = 0;
    label[start] = 0;
    touched[touchedCount++] = start;
    heap.push(0, start);
    let found = false;
    while (heap.size > 0) {
      const key = heap.topKey();
      const node = heap.pop();
      if (settledMark[node] === searchId || key > (label[node] as number)) continue;
      settledMark[node] = searchId;
      settled[settledCount++] = node;
      if (node === terminal) {
        found = true;
        break;
      }
      const nodePotential = potential[node] as number;
      for (let position = firstOut[node] as number; position < (firstOut[node + 1] as number); position += 1) {
        const reverse = (outArcs[position] as number) ^ 1;
        if ((residual[reverse] as number) <= 0) continue;
        const from = head[reverse ^ 1] as number;
        if (settledMark[from] === searchId) continue;
        const candidate = key + (cost[reverse] as number) + nodePotential - (potential[from] as number);
        if (candidate < (label[from] as number)) {
          if (label[from] === Infinity) touched[touchedCount++] = from;
          label[from] = candidate;
          nextArc[from] = reverse;
          heap.push(candidate, from);
        }
      }
    }
    let augmented = false;
    if (found) {
      // The cycle: this arc, then the path found from the terminal back to its tail. Its real
      // cost is the arc's cost plus the path's, recovered from the reduced length.
      const distance = label[terminal] as number;
      const cycleCost = (cost[arc] as number) + distance - (potential[start] as number) + (potential[terminal] as number);
      if (cycleCost < 0) {
        for (let index = 0; index < settledCount; index += 1) {
          const node = settled[index] as number;
          potential[node] = (potential[node] as number) + (label[node] as number) - distance;
        }
        let node = terminal;
        let length = 0;
        let pathCost = 0;
        while (node !== start) {
          const pathArc = nextArc[node] as number;
          residual[pathArc] = (residual[pathArc] as number) - 1;
          residual[pathArc ^ 1] = (residual[pathArc ^ 1] as number) + 1;
          pathCost += cost[pathArc] as number;
          node = head[pathArc] as number;
          length += 1;
          assert(length <= this.nodeCount, 'a cycle visits each node at most once');
        }
        residual[arc ^ 1] = (residual[arc ^ 1] as number) + 1;
        assert(pathCost + (cost[arc] as number) === cycleCost, 'the cycle cost from potentials matches its arcs');
        augmented = true;
      }
    }
    for (let index = 0; index < touchedCount; index += 1) label[touched[index] as number] = Infinity;
    return augmented;
  }

  /** Asserts the potentials stayed within exact integer range (a check of the scale argument). */
  assertPotentialsExact(state: SearchState): void {
    for (let node = 0; node < this.nodeCount; node += 1) {
      const value = state.potential[node] as number;
      assert(Number.isFinite(value) && Math.abs(value) < exactMax, 'potentials stay exact');
    }
  }

  get arcCount(): number {
    return this.#arcCount;
  }
}

/** A binary min-heap of (key, node) with lazy deletion; typed arrays, grown on demand. */
class NodeHeap {
  #keys = new Float64Array(1024);
  #nodes = new Int32Array(1024);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    if (this.size === this.#keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.#keys);
      this.#keys = keys;
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.#nodes);
      this.#nodes = nodes;
    }
    const keys = this.#keys;
    const nodes = this.#nodes;
    let index = this.size;
    this.size += 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((keys[parent] as number) <= key) break;
      keys[index] = keys[parent] as number;
      nodes[index] = nodes[parent] as number;
      index = parent;
    }
    keys[index] = key;
    nodes[index] = node;
  }

  topKey(): number {
    return this.#keys[0] as number;
  }

  pop(): number {
    const keys = this.#keys;
    const nodes = this.#nodes;
    const top = nodes[0] as number;
    this.size -= 1;
    const size = this.size;
    if (size === 0) return top;
    const key = keys[size] as number;
    const node = nodes[size] as number;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && (keys[child + 1] as number) < (keys[child] as number)) child += 1;
      if ((keys[child] as number) >= key) break;
      keys[index] = keys[child] as number;
      nodes[index] = nodes[child] as number;
      index = child;
    }
    keys[index] = key;
    nodes[index] = node;
    return top;
  }
}

/** The scratch space of the searches, allocated once per network. */
export interface SearchState {
  readonly potential: Float64Array;
  readonly label: Float64Array;
  readonly nextArc: Int32Array;
  readonly settledMark: Int32Array;
  readonly settled: Int32Array;
  readonly touched: Int32Array;
  readonly heap: NodeHeap;
  searchId: number;
}

export function createSearchState(nodeCount: number): SearchState {
  return {
    potential: new Float64Array(nodeCount),
    label: new Float64Array(nodeCount).fill(Infinity),
    nextArc: new Int32Array(nodeCount),
    settledMark: new Int32Array(nodeCount),
    settled: new Int32Array(nodeCount),
    touched: new Int32Array(nodeCount),
    heap: new NodeHeap(),
    searchId: 0,
  };
}
