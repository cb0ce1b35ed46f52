// Calendar arithmetic in the community's local time and the interval helpers eligibility needs.
//
// Time is always an argument: instants are epoch milliseconds, and local time is UTC plus a fixed
// offset given in the policy. A fixed offset is exact for China Standard Time (no daylight saving);
// a community elsewhere would pass zone rules here instead.

import { assert, fail } from './assert.js';

export const minuteMs = 60_000;
export const hourMs = 60 * minuteMs;
export const dayMs = 24 * hourMs;

/** A half-open span of time [startMs, endMs) in epoch milliseconds. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** The local day number (days since 1970-01-01 local) of an instant. */
export function localDayOf(instantMs: number, utcOffsetMinutes: number): number {
  return Math.floor((instantMs + utcOffsetMinutes * minuteMs) / dayMs);
}

/** The instant a local day starts. */
export function localDayStartMs(localDay: number, utcOffsetMinutes: number): number {
  return localDay * dayMs - utcOffsetMinutes * minuteMs;
}

/** ISO weekday of a local day: 1 is Monday, 7 is Sunday (1970-01-01 was a Thursday). */
export function weekdayOfLocalDay(localDay: number): number {
  return ((((localDay + 3) % 7) + 7) % 7) + 1;
}

/** The week number (weeks start on Monday, local time) of an instant; weekly caps count per week. */
export function localWeekOf(instantMs: number, utcOffsetMinutes: number): number {
  return Math.floor((localDayOf(instantMs, utcOffsetMinutes) + 3) / 7);
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parsed days of the dates seen, at most datesCacheMax: expiry dates repeat across volunteers. */
const datesCache = new Map<string, number>();
const datesCacheMax = 16_384;

/** The local day number of a calendar date "YYYY-MM-DD". */
export function localDayOfDate(date: string): number {
  const cached = datesCache.get(date);
  if (cached !== undefined) return cached;
  const day = parseDate(date);
  if (datesCache.size < datesCacheMax) datesCache.set(date, day);
  return day;
}

function parseDate(date: string): number {
  const match = datePattern.exec(date);
  assert(match !== null, `a date must be YYYY-MM-DD, got "${date}"`);
  const utcMs = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2025-02-30 over to March; a date that does not come back unchanged is invalid.
  if (!(Number.isFinite(utcMs) && new Date(utcMs).toISOString().slice(0, 10) === date))
    fail(`a date must be a real calendar date, got "${date}"`);
  return utcMs / dayMs;
}

/** The calendar date "YYYY-MM-DD" of a local day number. */
export function dateOfLocalDay(localDay: number): string {
  return new Date(localDay * dayMs).toISOString().slice(0, 10);
}

/** True when two half-open intervals share any instant. */
export function intervalsOverlap(a: Interval, b: Interval): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

/**
 * Sorts and merges intervals given as a flat [start, end, start, end, ...] list; touching intervals
 * merge too, because a volunteer free 8–12 and 12–17 is free 8–17.
 */
export function mergeIntervals(flat: number[]): number[] {
  const count = flat.length / 2;
  const order: number[] = [];
  for (let index = 0; index < count; index += 1) order.push(index);
  order.sort((a, b) => (flat[2 * a] as number) - (flat[2 * b] as number));
  const merged: number[] = [];
  for (const index of order) {
    const start = flat[2 * index] as number;
    const end = flat[2 * index + 1] as number;
    if (end <= start) continue;
    const last = merged.length - 1;
    if (last > 0 && start <= (merged[last] as number)) {
      merged[last] = Math.max(merged[last] as number, end);
    } else {
      merged.push(start, end);
    }
  }
  return merged;
}

/** Removes the (unsorted) flat intervals `cuts` from the merged flat intervals `base`. */
export function subtractIntervals(base: number[], cuts: number[]): number[] {
  let current = base;
  for (let cut = 0; cut < cuts.length; cut += 2) {
    const cutStart = cuts[cut] as number;
    const cutEnd = cuts[cut + 1] as number;
    const next: number[] = [];
    for (let index = 0; index < current.length; index += 2) {
      const start = current[index] as number;
      const end = current[index + 1] as number;
      if (end <= cutStart || cutEnd <= start) {
        next.push(start, end);
        continue;
      }
      if (start < cutStart) next.push(start, cutStart);
      if (cutEnd < end) next.push(cutEnd, end);
    }
    current = next;
  }
  return current;
}

/**
 * True when some merged available interval leaves room for `durationMs` of service inside
 * `window` with `bufferMs` of travel before and after, inside the same available interval. The
 * service may start at any t with window.start ≤ t ≤ window.end − duration and
 * available.start + buffer ≤ t ≤ available.end − duration − buffer.
 */
export function fitsWithBuffer(
  available: ArrayLike<number>,
  window: Interval,
  durationMs: number,
  bufferMs: number,
  from = 0,
  to = available.length,
): boolean {
  const latestStart = window.endMs - durationMs;
  if (latestStart < window.startMs) return false;
  // Binary search, over the intervals in [from, to), for the first ending after the window's
  // start minus the buffer.
  let low = from >> 1;
  let high = to >> 1;
  const earliestFrom = window.startMs - bufferMs;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((available[2 * middle + 1] as number) <= earliestFrom) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < to >> 1; index += 1) {
    const start = available[2 * index] as number;
    const end = available[2 * index + 1] as number;
    if (start > window.endMs + bufferMs) return false;
    const earliest = Math.max(window.startMs, start + bufferMs);
    const latest = Math.min(latestStart, end - durationMs - bufferMs);
    if (earliest <= latest) return true;
  }
  return false;
}
