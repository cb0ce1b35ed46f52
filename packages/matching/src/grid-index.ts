// A uniform grid over the city plane, so a query visits the points near a place, not all of them.

import { assert } from './assert.js';
import { cellsPerQueryMax } from './limits.js';

/** Cell coordinates are offset so that a key is one non-negative integer. */
const cellOffset = 1 << 15;
const cellSpan = 1 << 16;

function cellKey(column: number, row: number): number {
  return (column + cellOffset) * cellSpan + (row + cellOffset);
}

export class GridIndex {
  readonly #cellSizeM: number;
  readonly #east: Float64Array;
  readonly #north: Float64Array;
  readonly #cells = new Map<number, Int32Array>();

  /**
   * Indexes points by the cell their coordinates fall in: the points `members` lists, or all
   * points 0..east.length−1 when it is omitted.
   */
  constructor(east: Float64Array, north: Float64Array, cellSizeM: number, members?: Int32Array) {
    assert(east.length === north.length, 'east and north must have the same length');
    this.#cellSizeM = cellSizeM;
    this.#east = east;
    this.#north = north;
    const lists = new Map<number, number[]>();
    const count = members === undefined ? east.length : members.length;
    for (let position = 0; position < count; position += 1) {
      const index = members === undefined ? position : (members[position] as number);
      const column = Math.floor((east[index] as number) / cellSizeM);
      const row = Math.floor((north[index] as number) / cellSizeM);
      assert(Math.abs(column) < cellOffset && Math.abs(row) < cellOffset, `point ${index} lies outside the grid`);
      const key = cellKey(column, row);
      let list = lists.get(key);
      if (list === undefined) {
        list = [];
        lists.set(key, list);
      }
      list.push(index);
    }
    for (const [key, list] of lists) this.#cells.set(key, Int32Array.from(list));
  }

  /**
   * Calls `visit` with every point whose cell lies within `radiusM` of the place's cell, in
   * cell order; the caller checks the exact distance (the `distance` rule).
   */
  forEachNear(eastM: number, northM: number, radiusM: number, visit: (index: number) => void): void {
    const reach = Math.ceil(radiusM / this.#cellSizeM);
    assert((2 * reach + 1) ** 2 <= cellsPerQueryMax, `a query of ${radiusM} m visits more than ${cellsPerQueryMax} cells`);
    const column = Math.floor(eastM / this.#cellSizeM);
    const row = Math.floor(northM / this.#cellSizeM);
    for (let dc = -reach; dc <= reach; dc += 1) {
      for (let dr = -reach; dr <= reach; dr += 1) {
        const list = this.#cells.get(cellKey(column + dc, row + dr));
        if (list === undefined) continue;
        for (let position = 0; position < list.length; position += 1) visit(list[position] as number);
      }
    }
  }

  /** How many points the cells that forEachNear would visit hold. */
  countNear(eastM: number, northM: number, radiusM: number): number {
    const reach = Math.ceil(radiusM / this.#cellSizeM);
    const column = Math.floor(eastM / this.#cellSizeM);
    const row = Math.floor(northM / this.#cellSizeM);
    let count = 0;
    for (let dc = -reach; dc <= reach; dc += 1) {
      for (let dr = -reach; dr <= reach; dr += 1) count += this.#cells.get(cellKey(column + dc, row + dr))?.length ?? 0;
    }
    return count;
  }

  /** Distance in metres between point `index` and a place. */
  distanceM(index: number, eastM: number, northM: number): number {
    return Math.hypot((this.#east[index] as number) - eastM, (this.#north[index] as number) - northM);
  }
}
