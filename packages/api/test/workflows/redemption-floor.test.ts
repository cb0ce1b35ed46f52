// The hour redemption rule as one floor: for every balance, hours and rule, the floor on the
// member's hours posting lets through exactly the redemptions the rule as written allows.
import { AmountDecimal } from '@linli/ledger';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redemptionFloor } from '../../src/workflows/distributions.js';
import type { HourRule } from '../../src/workflows/redemption-rules.js';

/** Hundredths (or ten-thousandths for a share) as the decimal string the rules and the ledger use. */
function fixed(units: number, scale: number): string {
  return new AmountDecimal(units).dividedBy(10 ** scale).toFixed(scale);
}

/** The rule as written: at least the minimum before, and the hours at most the share of it, rounded down to the hundredth. */
function allowedAsWritten(rule: HourRule, before: string, hours: string): boolean {
  const balance = new AmountDecimal(before);
  return (
    balance.greaterThanOrEqualTo(rule.minBankedHours) &&
    new AmountDecimal(hours).lessThanOrEqualTo(balance.times(rule.maxShare).toDecimalPlaces(2, AmountDecimal.ROUND_DOWN))
  );
}

describe('the hour redemption floor', () => {
  it('lets a redemption leave the balance at the floor or above exactly when the rule allows it from the balance before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(1, 3_000, 3_333, 7_000, 10_000)),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: -1_000, max: 20_000 }),
        (minHundredths, shareTenThousandths, hoursHundredths, beforeHundredths) => {
          const rule: HourRule = {
            enabled: true,
            minBankedHours: fixed(minHundredths, 2),
            maxShare: fixed(shareTenThousandths, 4),
            pointsPerHour: '10',
          };
          const [hours, before] = [fixed(hoursHundredths, 2), fixed(beforeHundredths, 2)];
          const after = new AmountDecimal(before).minus(hours);
          const floor = redemptionFloor(rule, hours);
          expect(floor, 'at the scale of hours').toMatch(/^-?\d+\.\d{2}$/);
          expect(after.greaterThanOrEqualTo(floor), `${JSON.stringify(rule)}: ${hours} h from ${before}, floor ${floor}`).toBe(
            allowedAsWritten(rule, before, hours),
          );
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('gives the floors of the demo rule (20 banked hours, 30%) at its edges', () => {
    const rule: HourRule = { enabled: true, minBankedHours: '20.00', maxShare: '0.3000', pointsPerHour: '10' };
    // 1.50 h: the minimum binds (20.00 before, 18.50 after); 9.00 h: the share binds (30.00 before); 1.00 h at 0.3: 3.34 before.
    expect([
      redemptionFloor(rule, '1.50'),
      redemptionFloor(rule, '9.00'),
      redemptionFloor({ ...rule, minBankedHours: '0.00' }, '1.00'),
    ]).toEqual(['18.50', '21.00', '2.34']);
  });
});
