// Amounts: only plain decimals are read, digits beyond the scale are refused, and what is written comes back exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmountDecimal, formatAmount, parseAmount, sumAmounts } from './amount.js';
import { amountIntegerDigitsMax, unitScaleMax } from './limits.js';
import type { RejectionCode } from './rejections.js';

function codeOf(text: unknown, scale: number, sign: 'positive' | 'nonzero' = 'nonzero'): RejectionCode | 'ok' {
  const parsed = parseAmount(text, scale, sign);
  return parsed.ok ? 'ok' : parsed.refusal.code;
}

describe('parseAmount', () => {
  it('reads plain decimals at or below the scale', () => {
    for (const [text, scale, formatted] of [
      ['2.50', 2, '2.50'],
      ['2.5', 2, '2.50'],
      ['2', 2, '2.00'],
      ['-0.01', 2, '-0.01'],
      ['0.001', 3, '0.001'],
      ['10', 0, '10'],
      ['0001.50', 2, '1.50'],
      ['0.000001', 6, '0.000001'],
    ] as const) {
      const parsed = parseAmount(text, scale, 'nonzero');
      expect(parsed.ok, text).toBe(true);
      if (parsed.ok) expect(formatAmount(parsed.value, scale)).toBe(formatted);
    }
  });

  it.each([
    ['NaN as a number', Number.NaN],
    ['Infinity as a number', Number.POSITIVE_INFINITY],
    ['a number', 1],
    ['a bigint', 1n],
    ['null', null],
    ['undefined', undefined],
    ['an object', { value: '1' }],
    ['"NaN"', 'NaN'],
    ['"Infinity"', 'Infinity'],
    ['"-Infinity"', '-Infinity'],
    ['an exponent', '1e3'],
    ['an exponent past the double range', '1e309'],
    ['a capital exponent', '2.5E2'],
    ['a plus sign', '+1'],
    ['two minus signs', '--1'],
    ['a leading space', ' 1'],
    ['a trailing space', '1 '],
    ['a trailing dot', '1.'],
    ['a leading dot', '.5'],
    ['a lone minus', '-'],
    ['an empty string', ''],
    ['a comma', '1,5'],
    ['a thousands separator', '1_000'],
    ['hexadecimal', '0x10'],
    ['full-width digits', '１２'],
    ['Arabic-Indic digits', '١٢'],
    ['two dots', '1.2.3'],
    ['a new line', '1\n'],
  ])('refuses %s as amount_invalid', (_name, text) => {
    expect(codeOf(text, 2)).toBe('amount_invalid');
    expect(codeOf(text, 2, 'positive')).toBe('amount_invalid');
  });

  it('refuses more decimals than the scale, by the digits as written', () => {
    expect(codeOf('2.505', 2)).toBe('amount_scale_exceeded');
    expect(codeOf('2.500', 2)).toBe('amount_scale_exceeded');
    expect(codeOf('1.0', 0)).toBe('amount_scale_exceeded');
    expect(codeOf('0.0000001', unitScaleMax)).toBe('amount_scale_exceeded');
    expect(codeOf('2.50', 2)).toBe('ok');
  });

  it(`takes ${amountIntegerDigitsMax} integer digits and refuses ${amountIntegerDigitsMax + 1}`, () => {
    const max = '9'.repeat(amountIntegerDigitsMax);
    expect(codeOf(max, 0)).toBe('ok');
    expect(codeOf(`-${max}.999999`, 6)).toBe('ok');
    expect(codeOf(`1${'0'.repeat(amountIntegerDigitsMax)}`, 0)).toBe('amount_exceeds_maximum');
    expect(codeOf(`-1${'0'.repeat(amountIntegerDigitsMax)}.5`, 2)).toBe('amount_exceeds_maximum');
    // Leading zeros are not digits of the value.
    expect(codeOf(`000${max}`, 0)).toBe('ok');
    const parsed = parseAmount(max, 0, 'nonzero');
    expect(parsed.ok && formatAmount(parsed.value, 0)).toBe(max);
  });

  it('refuses zero, and a negative amount where only positive ones are allowed', () => {
    for (const zero of ['0', '0.00', '-0', '-0.0', '000']) expect(codeOf(zero, 2)).toBe('amount_must_not_be_zero');
    expect(codeOf('-1.00', 2, 'positive')).toBe('amount_must_be_positive');
    expect(codeOf('-1.00', 2, 'nonzero')).toBe('ok');
  });
});

describe('formatAmount', () => {
  it('writes exactly the scale, and refuses (as an assertion) a value that does not fit it', () => {
    expect(formatAmount(new AmountDecimal('3'), 2)).toBe('3.00');
    expect(formatAmount(new AmountDecimal('-0.5'), 3)).toBe('-0.500');
    expect(() => formatAmount(new AmountDecimal('1.005'), 2)).toThrow(/assertion/);
    expect(() => formatAmount(new AmountDecimal('0.5'), 0)).toThrow(/assertion/);
  });

  it('adds without rounding', () => {
    expect(formatAmount(sumAmounts(['0.10', '0.20', '-0.30']), 2)).toBe('0.00');
    expect(formatAmount(sumAmounts(Array.from({ length: 1_000 }, () => '0.000001')), 6)).toBe('0.001000');
    expect(formatAmount(sumAmounts([`${'9'.repeat(18)}.999999`, '0.000001']), 6)).toBe(`1${'0'.repeat(18)}.000000`);
  });
});

/** A valid amount at `scale` written as formatAmount writes it, biased to the edges. */
function canonicalAmount(scale: number): fc.Arbitrary<string> {
  const integerMax = 10n ** BigInt(amountIntegerDigitsMax) - 1n;
  const fractionMax = 10n ** BigInt(scale) - 1n;
  const integer = fc.oneof(fc.constantFrom(0n, 1n, integerMax), fc.bigInt({ min: 0n, max: integerMax }));
  const fraction = scale === 0 ? fc.constant(0n) : fc.oneof(fc.constantFrom(0n, 1n, fractionMax), fc.bigInt({ min: 0n, max: fractionMax }));
  return fc
    .tuple(fc.boolean(), integer, fraction)
    .filter(([, whole, part]) => whole !== 0n || part !== 0n)
    .map(([negative, whole, part]) => `${negative ? '-' : ''}${whole}${scale > 0 ? `.${part.toString().padStart(scale, '0')}` : ''}`);
}

describe('round trip', () => {
  it.each(Array.from({ length: unitScaleMax + 1 }, (_, scale) => scale))(
    'formatAmount(parseAmount(x)) is x, exactly, at scale %i',
    (scale) => {
      fc.assert(
        fc.property(canonicalAmount(scale), (text) => {
          const parsed = parseAmount(text, scale, 'nonzero');
          expect(parsed.ok).toBe(true);
          if (parsed.ok) expect(formatAmount(parsed.value, scale)).toBe(text);
        }),
        { numRuns: 500 },
      );
    },
  );

  it('fewer decimals than the scale read as the same value, written at the scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: unitScaleMax }), fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }), (scale, whole) => {
        const parsed = parseAmount(`${whole}`, scale, 'positive');
        expect(parsed.ok && formatAmount(parsed.value, scale)).toBe(`${whole}.${'0'.repeat(scale)}`);
      }),
    );
  });
});
