// Request and response schemas shared by the supermarket, fund and import routes.
import { z } from 'zod';
import type { Role } from './roles.js';
import { amount, text } from './values.js';

/** Items in one handout (two postings each, within the ledger's 64 per transaction). */
export const distributionLinesMax = 30;

/** Who reads supermarket and fund data, who works the counter, who manages. */
export const supermarketReaders = ['staff', 'coordinator', 'admin', 'auditor'] as const satisfies readonly Role[];
export const supermarketWorkers = ['staff', 'coordinator', 'admin'] as const satisfies readonly Role[];
export const managers = ['coordinator', 'admin'] as const satisfies readonly Role[];

/** A catalogue code, as the ledger's item units take it (`ITEM:<code>`). */
export const itemCode = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, dot, dash, underscore');
/** Store, fund and project codes: lowercase slugs that go into ledger account ids. */
export const slugCode = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes');
/** An amount above zero (the ledger refuses zero; this says so before it is asked). */
export const positiveAmount = amount.refine((value) => !/^0(\.0+)?$/.test(value), 'more than zero');
/** Yuan with at most two decimals, for prices and fair values that are recorded, not posted. */
export const yuan = z
  .string()
  .max(20)
  .regex(/^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$/, 'yuan with at most 2 decimals, such as "45.00"');
/** Whole love points. */
export const wholePoints = z
  .string()
  .max(10)
  .regex(/^(0|[1-9][0-9]{0,8})$/, 'whole points such as "30"');
export const memo = text(200);
export const donationId = z
  .string()
  .length(23)
  .regex(/^dn-[0-9a-f]{20}$/, 'a donation id such as dn-0123456789abcdef0123');
export const stockCountId = z
  .string()
  .length(23)
  .regex(/^sc-[0-9a-f]{20}$/, 'a stock count id such as sc-0123456789abcdef0123');

/** No key twice, so that one item is not listed twice (the ledger would refuse the repeated account). */
export function distinct(keys: readonly string[]): boolean {
  return new Set(keys).size === keys.length;
}

export const catalogueItemView = z.strictObject({
  code: z.string(),
  name: z.string(),
  scale: z.union([z.literal(0), z.literal(3)]),
  unitPrice: z.string().describe('yuan per unit, the default fair value of donations'),
  barcode: z.string().nullable(),
});

export const storeView = z.strictObject({ id: z.string(), name: z.string() });

export const storeStaffView = z.strictObject({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  assignedAt: z.string().describe('when the user was assigned, ISO 8601'),
});
