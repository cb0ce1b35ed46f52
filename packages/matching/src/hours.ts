// Hours travel as decimal strings (they may become ledger amounts); the engine counts hundredths.

import { assert } from './assert.js';
import { hoursDigitsMax } from './limits.js';

const hoursPattern = new RegExp(`^(\\d{1,${hoursDigitsMax}})(?:\\.(\\d{1,2}))?$`);

/** Parsed values of the hours strings seen, at most hoursCacheMax: caps and slot hours repeat a lot. */
const hoursCache = new Map<string, number>();
const hoursCacheMax = 4_096;

/** Parses "2", "2.5" or "2.00" into whole hundredths of an hour (200, 250, 200); asserts the format. */
export function hoursToHundredths(hours: string): number {
  const cached = hoursCache.get(hours);
  if (cached !== undefined) return cached;
  const value = parseHours(hours);
  if (hoursCache.size < hoursCacheMax) hoursCache.set(hours, value);
  return value;
}

function parseHours(hours: string): number {
  const match = hoursPattern.exec(hours);
  assert(match !== null, `hours must be a decimal string with at most two decimals, got "${hours}"`);
  const whole = Number(match[1]);
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return whole * 100 + Number(fraction);
}

/** Formats whole hundredths of an hour as a decimal string with two decimals ("2.50"). */
export function hundredthsToHours(hundredths: number): string {
  assert(Number.isInteger(hundredths) && hundredths >= 0, `hundredths must be a non-negative integer, got ${hundredths}`);
  const whole = Math.floor(hundredths / 100);
  const fraction = hundredths % 100;
  return `${whole}.${fraction.toString().padStart(2, '0')}`;
}
