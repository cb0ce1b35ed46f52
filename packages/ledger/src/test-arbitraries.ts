// fast-check generators and small helpers for the ledger's property, model and concurrency tests.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Ledger } from './ledger.js';
import { amountIntegerDigitsMax, unitScaleMax } from './limits.js';
import { LedgerRejection, type RejectionCode } from './rejections.js';
import type { StatementLine } from './store.js';
import type { Transaction } from './transaction.js';
import type { Unit } from './unit.js';

/**
 * The units the tests book in: the standard HOUR (scale 2) and POINT (scale 0), a catalogue
 * item weighed in kg (scale 3) and one at the scale limit, so every scale edge is exercised.
 */
export const testUnits: readonly Unit[] = [
  { code: 'HOUR', scale: 2, name: 'hours' },
  { code: 'POINT', scale: 0, name: 'points' },
  { code: 'ITEM:flour-kg', scale: 3, name: 'flour (kg)' },
  { code: 'ITEM:saffron-g', scale: unitScaleMax, name: 'saffron (g), at the scale limit' },
];

/** The units a fresh community lacks and a test defines. */
export const extraUnits: readonly Unit[] = testUnits.filter((unit) => unit.code.startsWith('ITEM:'));

export function scaleOfUnit(code: string): number {
  const unit = testUnits.find((candidate) => candidate.code === code);
  if (unit === undefined) throw new Error(`assertion: ${code} is not a test unit`);
  return unit.scale;
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic independent of decimal.js: amounts as whole numbers of the unit's smallest step.

/** "2.50" at scale 2 → 250n. Asserts the text is plain decimal notation within the scale. */
export function toUnits(text: string, scale: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (match === null) throw new Error(`assertion: ${text} is not a decimal`);
  const [, minus = '', integer = '', fraction = ''] = match;
  if (fraction.length > scale) throw new Error(`assertion: ${text} has more than ${scale} decimals`);
  const units = BigInt(integer + fraction.padEnd(scale, '0'));
  return minus === '-' ? -units : units;
}

/** 250n at scale 2 → "2.50": the one way the ledger writes an amount. */
export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** The largest amount in smallest steps: 18 integer digits, every decimal a 9. */
export function largestUnits(scale: number): bigint {
  return 10n ** BigInt(amountIntegerDigitsMax + scale) - 1n;
}

export function smallestAmount(scale: number): string {
  return fromUnits(1n, scale);
}

export function largestAmount(scale: number): string {
  return fromUnits(largestUnits(scale), scale);
}

// ---------------------------------------------------------------------------------------------
// Amounts biased to the edges.

/**
 * Positive amounts in smallest steps, biased to the edges: the smallest unit, the largest amount,
 * values that use every decimal of the scale, whole units, and everyday sizes (which mostly fit
 * the tight limits the tests give accounts, so that writes succeed as well as fail).
 */
export function positiveUnits(scale: number): fc.Arbitrary<bigint> {
  const step = 10n ** BigInt(scale);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(1n) },
    { weight: 1, arbitrary: fc.constant(largestUnits(scale)) },
    { weight: 1, arbitrary: fc.bigInt({ min: largestUnits(scale) - 1_000n, max: largestUnits(scale) }) },
    { weight: 8, arbitrary: fc.bigInt({ min: 1n, max: 30n * step }) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 30 }).map((whole) => BigInt(whole) * step) },
    { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: largestUnits(scale) }) },
  );
}

/**
 * Writes an amount the ways a client may: with every decimal ("2.50"), or with trailing zeros
 * left off ("2.5", "3"). Both mean the same amount; the ledger keeps it at the unit's scale.
 */
export function writtenAmount(units: bigint, scale: number, trim: boolean): string {
  const full = fromUnits(units, scale);
  if (!trim || scale === 0) return full;
  return full.replace(/0+$/, '').replace(/\.$/, '');
}

export function positiveAmount(scale: number): fc.Arbitrary<string> {
  return fc.tuple(positiveUnits(scale), fc.boolean()).map(([units, trim]) => writtenAmount(units, scale, trim));
}

/** More decimals than the scale allows, the last one not zero: always `amount_scale_exceeded`. */
export function overScaleAmount(scale: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.bigInt({ min: 0n, max: 10n ** 6n }),
      fc.integer({ min: scale + 1, max: scale + 4 }),
      fc.integer({ min: 1, max: 9 }),
      fc.boolean(),
    )
    .map(([integer, decimals, last, negative]) => `${negative ? '-' : ''}${integer}.${'0'.repeat(decimals - 1)}${last}`);
}

/** Not plain decimal notation, or not a string at all: always `amount_invalid`. */
export const invalidAmountText: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  '',
  ' 1',
  '1 ',
  '+1',
  '1e2',
  '1E-2',
  '1.',
  '.5',
  '-.5',
  '0x10',
  '1,00',
  '1_000',
  '1.2.3',
  '--1',
  '-',
  'NaN',
  'Infinity',
  '１',
  '٣',
  1,
  0.1,
  null,
  undefined,
  true,
  { amount: '1' },
);

/** Zero however written: always `amount_must_not_be_zero`. */
export const zeroAmountText: fc.Arbitrary<string> = fc.constantFrom('0', '-0', '00', '0.0', '0.00', '-0.00', '000.000');

/** Nineteen integer digits or more: always `amount_exceeds_maximum`. */
export function tooLargeAmount(scale: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: amountIntegerDigitsMax + 1, max: amountIntegerDigitsMax + 30 }), fc.integer({ min: 1, max: 9 }))
    .map(([digits, lead]) => `${lead}${'0'.repeat(digits - 1)}${scale > 0 ? '.5' : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Time, ids and outcomes.

/** A clock the test moves by hand; every ledger in a test reads the same one. */
export class TestClock {
  constructor(private ms = Date.parse('2026-03-01T08:00:00.000Z')) {}

  readonly now = (): Date => new Date(this.ms);

  iso(offsetMs = 0): string {
    return new Date(this.ms + offsetMs).toISOString();
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

let communityCounter = 0;

/** A community id no other property run uses, so one database serves a whole test file. */
export function freshCommunity(prefix: string): string {
  communityCounter += 1;
  return `${prefix}-${process.pid}-${communityCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: RejectionCode; index: number | undefined };

/** Runs a ledger call and keeps a rejection as a value; anything else (an assertion) is rethrown. */
export async function outcome<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (error instanceof LedgerRejection) return { ok: false, code: error.code, index: error.index };
    throw error;
  }
}

/** The code a call is rejected with; fails the test if it succeeds. */
export async function rejectionOf(call: () => Promise<unknown>): Promise<RejectionCode> {
  const result = await outcome(call);
  if (result.ok) throw new Error('expected a rejection, but the call succeeded');
  return result.code;
}

/** Every statement line of an account, read a page at a time. */
export async function fullStatement(ledger: Ledger, community: string, account: string, pageSize = 1_000): Promise<StatementLine[]> {
  const lines: StatementLine[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page += 1) {
    const result: Awaited<ReturnType<Ledger['statement']>> = await ledger.statement(community, account, { cursor, limit: pageSize });
    lines.push(...result.items);
    if (result.nextCursor === null) return lines;
    cursor = result.nextCursor;
  }
  throw new Error('assertion: a statement of more than 10,000 pages');
}

/** Every transaction of a community, in journal order. */
export async function fullJournal(ledger: Ledger, community: string): Promise<Transaction[]> {
  const transactions: Transaction[] = [];
  for await (const transaction of ledger.journal(community)) transactions.push(transaction);
  return transactions;
}

/** Asserts that every amount of a trial balance nets to zero, per unit. */
export function expectTrialBalanceZero(lines: { unit: string; debit: string; credit: string; net: string }[], context: string): void {
  for (const line of lines) {
    const scale = scaleOfUnit(line.unit);
    expect(toUnits(line.net, scale), `${context}: ${line.unit} nets to ${line.net}`).toBe(0n);
    expect(toUnits(line.debit, scale) + toUnits(line.credit, scale), `${context}: ${line.unit} debit + credit`).toBe(0n);
  }
}
