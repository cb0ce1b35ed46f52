// The Gini coefficient on known distributions.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gini } from './gini.js';

describe('gini', () => {
  it('is 0 for equal loads and for no load at all', () => {
    expect(gini([2, 2, 2, 2])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([])).toBe(0);
  });

  it('is (n − 1)/n when one volunteer carries everything, zeros counted', () => {
    expect(gini([0, 0, 0, 5])).toBeCloseTo(0.75, 12);
  });

  it('matches the mean absolute difference definition', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 30 }), (values) => {
        const n = values.length;
        const sum = values.reduce((a, b) => a + b, 0);
        let differences = 0;
        for (const a of values) for (const b of values) differences += Math.abs(a - b);
        const expected = sum === 0 ? 0 : differences / (2 * n * sum);
        expect(gini(values)).toBeCloseTo(expected, 9);
      }),
    );
  });
});
