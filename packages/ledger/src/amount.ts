// Amounts: exact decimals at their unit's scale, written as strings like "2.50", never JS numbers.
import { Decimal } from 'decimal.js';
import { amountIntegerDigitsMax } from './limits.js';
import { LedgerRejection, refuse, type Refusal } from './rejections.js';

/**
 * Arithmetic for amounts. Precision is far above what 18 integer digits and a 6-digit scale
 * need, so sums of thousands of amounts stay exact; rounding is never used to fit a scale
 * (more decimals than the scale is a rejection), and ROUND_HALF_EVEN is set only so that the
 * mode is explicit.
 */
export const AmountDecimal = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 60 });
export type Amount = InstanceType<typeof AmountDecimal>;

/** Plain decimal notation only: no exponent, no '+', no spaces, no leading dot. */
const amountPattern = /^(-?)(\d+)(?:\.(\d+))?$/;

export type ParsedAmount = { ok: true; value: Amount } | { ok: false; refusal: Refusal };

/**
 * Parses an amount written as a string at a unit's scale. Rejects — never rounds — anything
 * that is not plain decimal notation, has more decimals than `scale`, or more integer digits
 * than the ledger holds. `sign` says which signs are allowed: `any` takes zero and negative
 * amounts too (a floor, which bounds a balance rather than moves one).
 */
export function parseAmount(text: unknown, scale: number, sign: 'positive' | 'nonzero' | 'any'): ParsedAmount {
  if (typeof text !== 'string') return fail('amount_invalid', `amount must be a string, got ${typeof text}`);
  const match = amountPattern.exec(text);
  if (match === null) return fail('amount_invalid', `amount ${JSON.stringify(text.slice(0, 40))} is not a plain decimal`);
  const [, minus = '', integer = '', fraction = ''] = match;
  const value = new AmountDecimal(text);
  if (value.isZero() && sign !== 'any') return fail('amount_must_not_be_zero', 'amount is zero');
  if (sign === 'positive' && minus === '-') return fail('amount_must_be_positive', `amount ${text} is negative`);
  // Digits as written, not as valued: "2.500" at scale 2 is refused, so what a client sends is
  // exactly what the journal keeps.
  if (fraction.length > scale) {
    return fail('amount_scale_exceeded', `amount ${text} has more than ${scale} decimal places`);
  }
  if (integer.replace(/^0+/, '').length > amountIntegerDigitsMax) {
    return fail('amount_exceeds_maximum', `amount ${text.slice(0, 40)} has more than ${amountIntegerDigitsMax} integer digits`);
  }
  return { ok: true, value };
}

/**
 * Refuses, with the ledger's own `amount_scale_exceeded` and wording, an amount written with more
 * decimals than `scale`, before anything is written (a caller that checks a whole request first).
 * `what` names the amount in the detail. Only the decimals are checked: the rest is the posting's.
 */
export function requireAmountScale(text: string, scale: number, what: string): void {
  const decimals = text.split('.')[1]?.length ?? 0;
  if (decimals > scale) throw new LedgerRejection('amount_scale_exceeded', `${what}: amount ${text} has more than ${scale} decimal places`);
}

function fail(code: Refusal['code'], detail: string): ParsedAmount {
  return { ok: false, refusal: refuse(code, detail) };
}

/** Writes an amount with exactly `scale` decimals; asserts that no digit is lost. */
export function formatAmount(value: Amount, scale: number): string {
  const text = value.toFixed(scale, Decimal.ROUND_DOWN);
  if (!new AmountDecimal(text).equals(value)) throw new Error(`assertion: ${value.toString()} does not fit scale ${scale}`);
  return text;
}

/** Normalizes a stored decimal string (any trailing zeros) to a unit's scale. */
export function normalizeAmount(text: string, scale: number): string {
  // Stored values nearly always have exactly `scale` decimals already: those (all but a
  // negative zero) are returned as they are, without a round trip through Decimal, which cost
  // more than anything else in reading a journal page.
  if (atScalePattern(scale).test(text) && !negativeZeroPattern.test(text)) return text;
  return formatAmount(new AmountDecimal(text), scale);
}

const atScalePatterns: RegExp[] = [];
const negativeZeroPattern = /^-0(?:\.0*)?$/;

/** A plain decimal without leading zeros and with exactly `scale` decimals. */
function atScalePattern(scale: number): RegExp {
  let pattern = atScalePatterns[scale];
  if (pattern === undefined) {
    pattern = new RegExp(scale === 0 ? '^-?(?:0|[1-9]\\d*)$' : `^-?(?:0|[1-9]\\d*)\\.\\d{${scale}}$`);
    atScalePatterns[scale] = pattern;
  }
  return pattern;
}

/**
 * An exact decimal as an integer count of its last decimal place ("-2.50" is -250n with 2
 * decimals). Verify keeps a running balance per account this way: exact like Decimal, without
 * a Decimal object (and a parse) for each of a million postings.
 */
export interface FixedPoint {
  units: bigint;
  decimals: number;
}

export const zeroFixedPoint: FixedPoint = { units: 0n, decimals: 0 };

const plainDecimalPattern = /^-?\d+(?:\.\d+)?$/;

export function toFixedPoint(text: string): FixedPoint {
  // Anything but a plain decimal (never written by the stores) is written out by Decimal first.
  const plain = plainDecimalPattern.test(text) ? text : new AmountDecimal(text).toFixed();
  const point = plain.indexOf('.');
  if (point === -1) return { units: BigInt(plain), decimals: 0 };
  return { units: BigInt(plain.slice(0, point) + plain.slice(point + 1)), decimals: plain.length - point - 1 };
}

export function addFixedPoint(a: FixedPoint, b: FixedPoint): FixedPoint {
  const decimals = Math.max(a.decimals, b.decimals);
  return { units: scaledUnits(a, decimals) + scaledUnits(b, decimals), decimals };
}

export function equalFixedPoint(a: FixedPoint, b: FixedPoint): boolean {
  const decimals = Math.max(a.decimals, b.decimals);
  return scaledUnits(a, decimals) === scaledUnits(b, decimals);
}

function scaledUnits(value: FixedPoint, decimals: number): bigint {
  return value.decimals === decimals ? value.units : value.units * 10n ** BigInt(decimals - value.decimals);
}

export function sumAmounts(values: Iterable<string>): Amount {
  let total = new AmountDecimal(0);
  for (const value of values) total = total.plus(value);
  return total;
}
