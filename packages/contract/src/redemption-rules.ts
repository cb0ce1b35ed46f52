// The redemption rules as the admin routes send and take them.
import { z } from 'zod';
import { itemCode, distinct, wholePoints } from './supermarket.js';

/** Item rules a community may have (its catalogue is smaller). */
export const itemRulesMax = 500;

const quota = z
  .string()
  .max(20)
  .regex(/^(0|[1-9][0-9]{0,8})(\.[0-9]{1,3})?$/, 'units per month, at most 3 decimals');

export const redemptionRules = z.strictObject({
  items: z
    .array(
      z.strictObject({
        item: itemCode,
        pointsPerUnit: wholePoints,
        monthlyQuota: quota.nullable().describe('units per household per month; null: no quota'),
      }),
    )
    .max(itemRulesMax)
    .refine((list) => distinct(list.map((rule) => rule.item)), 'each item once'),
  hours: z.strictObject({
    enabled: z.boolean(),
    minBankedHours: z
      .string()
      .max(12)
      .regex(/^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$/, 'hours such as "20.00"'),
    maxShare: z
      .string()
      .max(6)
      .regex(/^(0\.[0-9]{1,4}|1(\.0{1,4})?)$/, 'a share from 0.0001 to 1, such as "0.30"')
      .refine((value) => Number.parseFloat(value) > 0, 'more than zero'),
    pointsPerHour: z
      .string()
      .max(7)
      .regex(/^[1-9][0-9]{0,5}$/, 'whole points per hour, at least 1'),
  }),
});
