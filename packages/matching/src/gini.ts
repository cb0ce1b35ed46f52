// The Gini coefficient, to measure how evenly work spreads over volunteers.

import { assert } from './assert.js';

/**
 * Gini coefficient of non-negative values: 0 when all are equal, approaching 1 when one holds
 * everything. Zeros count (a volunteer given nothing is part of the unevenness). Zero when the
 * values sum to zero. Uses the sorted form G = 2·Σ i·x(i) / (n·Σx) − (n + 1)/n, i from 1.
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  let weighted = 0;
  for (let index = 0; index < n; index += 1) {
    const value = sorted[index] as number;
    assert(value >= 0 && Number.isFinite(value), 'gini takes non-negative finite values');
    sum += value;
    weighted += (index + 1) * value;
  }
  if (sum === 0) return 0;
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}
