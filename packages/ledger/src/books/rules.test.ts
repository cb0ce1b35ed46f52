// The books' rules that callers apply before writing: hours to give, banked hours, a catalogue value, an amount's scale.
import { describe, expect, it } from 'vitest';
import { AmountDecimal, requireAmountScale } from '../amount.js';
import { LedgerRejection, type RejectionCode } from '../rejections.js';
import { standardUnit } from '../unit.js';
import { catalogueFairValue, formatCny } from './supermarket.js';
import {
  bankedHoursFloor,
  formatHours,
  hourScale,
  parseHoursToGive,
  refuseNegativeHours,
  requireBankedHours,
  unbankedHours,
} from './time-bank.js';

function codeOf(action: () => unknown): RejectionCode | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (error instanceof LedgerRejection) return error.code;
    throw error;
  }
}

describe('hours to give', () => {
  it('are written at the HOUR unit’s scale', () => {
    expect(hourScale).toBe(standardUnit('HOUR').scale);
    expect(bankedHoursFloor).toBe('0.00');
    expect(formatHours('1.5')).toBe('1.50');
  });

  it('are refused in the ledger’s order: not a decimal, zero, negative, past the scale, too large', () => {
    expect(codeOf(() => parseHoursToGive('1,5'))).toBe('amount_invalid');
    expect(codeOf(() => parseHoursToGive('0.00'))).toBe('amount_must_not_be_zero');
    expect(codeOf(() => parseHoursToGive('-1.001'))).toBe('amount_must_be_positive');
    expect(codeOf(() => parseHoursToGive('1.001'))).toBe('amount_scale_exceeded');
    expect(codeOf(() => parseHoursToGive('1'.repeat(19)))).toBe('amount_exceeds_maximum');
    expect(parseHoursToGive('2.5').toFixed(2)).toBe('2.50');
  });

  it('refuse only a negative amount early; zero and the scale are the posting’s', () => {
    expect(codeOf(() => refuseNegativeHours('-0.50'))).toBe('amount_must_be_positive');
    for (const hours of ['0', '-0.00', '1.001', '2.00'])
      expect(
        codeOf(() => refuseNegativeHours(hours)),
        hours,
      ).toBeUndefined();
  });

  it('need a giver with an hour account and the hours available', () => {
    expect(codeOf(() => requireBankedHours('u-1', undefined, new AmountDecimal('1')))).toBe('account_not_found');
    expect(codeOf(() => requireBankedHours('u-1', '0.99', new AmountDecimal('1')))).toBe('exceeds_lower_limit');
    expect(codeOf(() => requireBankedHours('u-1', '1.00', new AmountDecimal('1')))).toBeUndefined();
    expect(unbankedHours(undefined).detail).toBe('only banked hours can be given: 0.00 available');
    expect(unbankedHours('3.25')).toMatchObject({ code: 'exceeds_lower_limit', detail: 'only banked hours can be given: 3.25 available' });
  });
});

describe('a catalogue fair value', () => {
  it('is the price times the quantity, rounded half up to the fen', () => {
    expect(catalogueFairValue('3.33', '0.5', 'line 0')).toBe('1.67');
    expect(catalogueFairValue('45.00', '2', 'line 0')).toBe('90.00');
    expect(formatCny(new AmountDecimal('12.5'))).toBe('12.50');
  });

  it('is refused past the ledger’s integer digits', () => {
    expect(codeOf(() => catalogueFairValue('999999999999999999.99', '2', 'items 0: rice'))).toBe('amount_exceeds_maximum');
  });
});

describe('an amount’s scale, checked before writing', () => {
  it('refuses more decimals than the scale with the ledger’s wording', () => {
    expect(() => requireAmountScale('1.5', 0, 'items 0: rice')).toThrow('items 0: rice: amount 1.5 has more than 0 decimal places');
    expect(codeOf(() => requireAmountScale('1.500', 3, 'x'))).toBeUndefined();
  });
});
