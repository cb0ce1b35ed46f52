// Local calendar arithmetic, hours as decimal strings, and interval fitting with a travel buffer.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hoursToHundredths, hundredthsToHours } from './hours.js';
import {
  dateOfLocalDay,
  fitsWithBuffer,
  hourMs,
  localDayOf,
  localDayOfDate,
  localWeekOf,
  mergeIntervals,
  subtractIntervals,
  weekdayOfLocalDay,
} from './time.js';
import { at, mondayMs } from './testing/fixtures.js';

describe('time', () => {
  it('knows that 2025-03-03 is a Monday in UTC+8, and where its week starts and ends', () => {
    const day = localDayOf(mondayMs, 480);
    expect(dateOfLocalDay(day)).toBe('2025-03-03');
    expect(weekdayOfLocalDay(day)).toBe(1);
    expect(localDayOfDate('2025-03-03')).toBe(day);
    expect(() => localDayOfDate('2025-02-30')).toThrow(/calendar date/);
    expect(localWeekOf(mondayMs, 480)).toBe(localWeekOf(at(23.99, 6), 480));
    expect(localWeekOf(mondayMs - 1, 480)).toBe(localWeekOf(mondayMs, 480) - 1);
  });

  it('merges touching intervals and cuts holes', () => {
    expect(mergeIntervals([5, 7, 1, 3, 3, 4])).toEqual([1, 4, 5, 7]);
    expect(subtractIntervals([0, 10], [2, 3, 9, 12])).toEqual([0, 2, 3, 9]);
  });

  it('fits a service only with room for travel on both sides', () => {
    const free = [at(8), at(12)];
    expect(fitsWithBuffer(free, { startMs: at(8), endMs: at(12) }, 3 * hourMs, hourMs / 2)).toBe(true);
    expect(fitsWithBuffer(free, { startMs: at(8), endMs: at(12) }, 3.5 * hourMs, hourMs / 2)).toBe(false);
    expect(fitsWithBuffer(free, { startMs: at(11), endMs: at(14) }, hourMs, hourMs / 2)).toBe(false);
    expect(fitsWithBuffer(free, { startMs: at(10.5), endMs: at(14) }, hourMs, hourMs / 2)).toBe(true);
  });
});

describe('hours', () => {
  it('reads decimal strings exactly and writes two decimals', () => {
    expect(hoursToHundredths('2')).toBe(200);
    expect(hoursToHundredths('1.5')).toBe(150);
    expect(hoursToHundredths('0.01')).toBe(1);
    expect(hoursToHundredths('999.99')).toBe(99_999);
    expect(() => hoursToHundredths('1.234')).toThrow(/hours/);
    expect(() => hoursToHundredths('-1')).toThrow(/hours/);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (h) => {
        expect(hoursToHundredths(hundredthsToHours(h))).toBe(h);
      }),
    );
  });
});
