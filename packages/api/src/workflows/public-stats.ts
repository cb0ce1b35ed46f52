// Public statistics (志愿服务统计和发布): per month, a community's hours served, goods donated
// and distributed per item, and cash donated, with small counts suppressed.
import { AmountDecimal, type Ledger, type Unit } from '@linli/ledger';
import type { Knex } from 'knex';
import { monthlyFigures, type MonthlyRow } from './public-stats-query.js';
import { suppressionThreshold } from '@linli/contract';
import type { Figure, ItemFigure, PublicStatsView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { Figure, ItemFigure } from '@linli/contract';

export { suppressionThreshold };

/**
 * A figure drawn from fewer distinct people than this is not published: with one to four
 * volunteers, donors or households behind it, a neighbour could tell what one of them did.
 */
/** The longest range one request may ask for. */
export const statsMonthsMax = 24;
/** Answers are kept this long, so that a public page read by many costs one query a minute. */
const cacheTtlMs = 60_000;
const cacheEntriesMax = 1_000;
/** China Standard Time: months begin at midnight in the communities' calendar. */
const utcOffsetHours = 8;

export type PublicStatistics = PublicStatsView;

/** `2025-03` → the months from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let label = monthLabel(year, month); label <= to; label = monthLabel(year, month)) {
    months.push(label);
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

function monthLabel(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The instant a month begins in China Standard Time. */
export function monthStart(month: string): Date {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number - 1, 1, -utcOffsetHours));
}

function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? monthLabel(year + 1, 1) : monthLabel(year, number + 1);
}

const caches = new WeakMap<Knex, Map<string, { expiresAt: number; value: PublicStatistics }>>();

/** The statistics of one community for the months from `from` to `to` (checked by the route). */
export async function publicStatistics(
  db: Knex,
  ledger: Ledger,
  community: string,
  from: string,
  to: string,
  now: Date,
): Promise<PublicStatistics> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = `${community}|${from}|${to}`;
  const cached = cache.get(key);
  if (cached !== undefined && cached.expiresAt > now.getTime()) return cached.value;
  const [rows, units] = await Promise.all([
    monthlyFigures(ledger, community, monthStart(from), monthStart(nextMonth(to))),
    ledger.listUnits(community),
  ]);
  const value = assemble(community, from, to, rows, new Map(units.map((unit) => [unit.code, unit])));
  cache.delete(key);
  if (cache.size >= cacheEntriesMax) cache.delete(cache.keys().next().value as string);
  cache.set(key, { expiresAt: now.getTime() + cacheTtlMs, value });
  return value;
}

function figure(row: MonthlyRow | undefined, scale: number): Figure {
  if (row === undefined) return { value: new AmountDecimal(0).toFixed(scale), count: 0, suppressed: false };
  if (row.parties < suppressionThreshold) return { value: null, count: null, suppressed: true };
  return { value: new AmountDecimal(row.total).toFixed(scale), count: row.parties, suppressed: false };
}

function assemble(
  community: string,
  from: string,
  to: string,
  rows: readonly MonthlyRow[],
  units: ReadonlyMap<string, Unit>,
): PublicStatistics {
  const scaleOf = (code: string): number => units.get(code)?.scale ?? 0;
  const items = (month: string, kind: MonthlyRow['kind']): ItemFigure[] =>
    rows
      .filter((row) => row.month === month && row.kind === kind)
      .map((row) => ({ unit: row.unit, name: units.get(row.unit)?.name ?? row.unit, ...figure(row, scaleOf(row.unit)) }));
  const months = monthsBetween(from, to).map((month) => ({
    month,
    hoursServed: figure(
      rows.find((row) => row.month === month && row.kind === 'service_credit'),
      scaleOf('HOUR'),
    ),
    goodsDonated: items(month, 'donation_in_kind'),
    goodsDistributed: items(month, 'distribution'),
    cashDonated: figure(
      rows.find((row) => row.month === month && row.kind === 'cash_donation'),
      scaleOf('CNY'),
    ),
  }));
  return { community, from, to, suppressionThreshold, months };
}
