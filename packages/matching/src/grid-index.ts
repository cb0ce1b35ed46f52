// A uniform grid over the city plane, so a query visits the points near a place, not all of them.

import { assert } from './assert.js';
import { cellsPerQueryMax } from './limits.js';

/** Cells in one index at most (columns × rows of the bounding box); a city of 100 km at 100 m is 1e6. */
const cellsMax = 4_000_000;

export class GridIndex {
  readonly #cellSizeM: number;
  readonly #east: Float64Array;
  readonly #north: Float64Array;
  readonly #minColumn: number;
  readonly #minRow: number;
  readonly #columns: number;
  readonly #rows: number;
  /** Points of cell c (column-major) are #members[#cellStart[c] .. #cellStart[c + 1]). */
  readonly #cellStart: Int32Array;
  readonly #members: Int32Array;
  readonly #rangesScratch = new Int32Array(4 * Math.ceil(Math.sqrt(cellsPerQueryMax)) + 4);

  /**
   * Indexes points by the cell their coordinates fall in: the points `members` lists, or all
   * points 0..east.length−1 when it is omitted. Cells are dense arrays over the bounding box,
   * so a lookup is arithmetic, not hashing.
   */
  constructor(east: Float64Array, north: Float64Array, cellSizeM: number, members?: Int32Array) {
    assert(east.length === north.length, 'east and north must have the same length');
    this.#cellSizeM = cellSizeM;
    this.#east = east;
    this.#north = north;
    const count = members === undefined ? east.length : members.length;
    const pointAt = (position: number): number => (members === undefined ? position : (members[position] as number));
    let minColumn = Infinity;
    let maxColumn = -Infinity;
    let minRow = Infinity;
    let maxRow = -Infinity;
    for (let position = 0; position < count; position += 1) {
      const index = pointAt(position);
      const column = Math.floor((east[index] as number) / cellSizeM);
      const row = Math.floor((north[index] as number) / cellSizeM);
      minColumn = Math.min(minColumn, column);
      maxColumn = Math.max(maxColumn, column);
      minRow = Math.min(minRow, row);
      maxRow = Math.max(maxRow, row);
    }
    if (count === 0) {
      minColumn = 0;
      maxColumn = -1;
      minRow = 0;
      maxRow = -1;
    }
    this.#minColumn = minColumn;
    this.#minRow = minRow;
    this.#columns = maxColumn - minColumn + 1;
    this.#rows = maxRow - minRow + 1;
    assert(this.#columns * this.#rows <= cellsMax, `the grid spans more than ${cellsMax} cells`);
    const cellOf = new Int32Array(count);
    const cellStart = new Int32Array(this.#columns * this.#rows + 1);
    for (let position = 0; position < count; position += 1) {
      const index = pointAt(position);
      const cell =
        (Math.floor((east[index] as number) / cellSizeM) - minColumn) * this.#rows +
        (Math.floor((north[index] as number) / cellSizeM) - minRow);
      cellOf[position] = cell;
      cellStart[cell + 1] = (cellStart[cell + 1] as number) + 1;
    }
    for (let cell = 0; cell < this.#columns * this.#rows; cell += 1)
      cellStart[cell + 1] = (cellStart[cell + 1] as number) + (cellStart[cell] as number);
    const fill = cellStart.slice(0, this.#columns * this.#rows);
    const sorted = new Int32Array(count);
    for (let position = 0; position < count; position += 1) {
      const cell = cellOf[position] as number;
      sorted[fill[cell] as number] = pointAt(position);
      fill[cell] = (fill[cell] as number) + 1;
    }
    this.#cellStart = cellStart;
    this.#members = sorted;
  }

  /**
   * Calls `visit` with every point in the cells that come within `radiusM` of the place; the
   * caller checks the exact distance (the `distance` rule).
   */
  forEachNear(eastM: number, northM: number, radiusM: number, visit: (index: number) => void): void {
    const ranges = this.#rangesScratch;
    const count = this.rangesNear(eastM, northM, radiusM, ranges);
    const members = this.#members;
    for (let range = 0; range < count; range += 2) {
      const end = ranges[range + 1] as number;
      for (let position = ranges[range] as number; position < end; position += 1) visit(members[position] as number);
    }
  }

  /** How many points the cells that forEachNear would visit hold. */
  countNear(eastM: number, northM: number, radiusM: number): number {
    const ranges = this.#rangesScratch;
    const count = this.rangesNear(eastM, northM, radiusM, ranges);
    let total = 0;
    for (let range = 0; range < count; range += 2) total += (ranges[range + 1] as number) - (ranges[range] as number);
    return total;
  }

  /** The indexed points, cell by cell; rangesNear gives positions into it. */
  get members(): Int32Array {
    return this.#members;
  }

  /**
   * Writes into `out` the [from, to) ranges of `members` holding the points of the cells within
   * `radiusM` of the place, one range per column of cells (cells are column-major, so a column's
   * cells in a row span are contiguous), and returns how many numbers it wrote.
   */
  rangesNear(eastM: number, northM: number, radiusM: number, out: Int32Array): number {
    const size = this.#cellSizeM;
    const reach = Math.ceil(radiusM / size);
    assert((2 * reach + 1) ** 2 <= cellsPerQueryMax, 'a query visits at most cellsPerQueryMax cells');
    assert(out.length >= 2 * (2 * reach + 1), 'the range buffer holds one range per column');
    const column = Math.floor(eastM / size);
    const firstColumn = Math.max(column - reach, this.#minColumn);
    const lastColumn = Math.min(column + reach, this.#minColumn + this.#columns - 1);
    const lastRowIndex = this.#rows - 1;
    let written = 0;
    for (let c = firstColumn; c <= lastColumn; c += 1) {
      // The nearest point of this column of cells, east–west, then the north–south reach left.
      const dx = Math.max(0, c * size - eastM, eastM - (c + 1) * size);
      const left = radiusM * radiusM - dx * dx;
      if (left < 0) continue;
      const half = Math.sqrt(left);
      const firstRow = Math.max(Math.floor((northM - half) / size) - this.#minRow, 0);
      const lastRow = Math.min(Math.floor((northM + half) / size) - this.#minRow, lastRowIndex);
      if (firstRow > lastRow) continue;
      const base = (c - this.#minColumn) * this.#rows;
      out[written] = this.#cellStart[base + firstRow] as number;
      out[written + 1] = this.#cellStart[base + lastRow + 1] as number;
      written += 2;
    }
    return written;
  }

  /** Distance in metres between point `index` and a place. */
  distanceM(index: number, eastM: number, northM: number): number {
    const dx = (this.#east[index] as number) - eastM;
    const dy = (this.#north[index] as number) - northM;
    return Math.sqrt(dx * dx + dy * dy);
  }
}
