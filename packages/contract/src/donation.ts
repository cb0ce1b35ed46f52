// Donation request and response schemas (in kind, cash, receipt).
import { z } from 'zod';
import { phone, text } from './values.js';

export const valuationMethods = ['market_price', 'donor_invoice', 'catalogue_price', 'appraisal', 'nominal'] as const;
export type ValuationMethod = (typeof valuationMethods)[number];
export const paymentMethods = ['cash', 'bank_transfer', 'wechat_pay', 'alipay'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** Lines of one donation in kind: one ledger transaction each, posted as one linked batch. */
export const donationLinesMax = 50;

export const donorRef = z
  .string()
  .min(3)
  .max(16)
  .regex(/^D-[0-9A-Z]{1,12}$/, 'a donor ref such as D-7Q3K9X2M');

/** The donor: anonymous, a known donor's ref, or a name (and phone) to seal. */
export const donorInput = z
  .strictObject({
    anonymous: z.boolean().optional(),
    ref: donorRef.optional(),
    name: text(100).optional(),
    phone: phone.optional(),
  })
  .refine(
    (donor) => [donor.anonymous === true, donor.ref !== undefined, donor.name !== undefined].filter(Boolean).length <= 1,
    'anonymous, a ref or a name: at most one',
  )
  .refine((donor) => donor.phone === undefined || donor.name !== undefined, 'a phone goes with a name');

export const valuationMethod = z.enum(valuationMethods);
export const paymentMethod = z.enum(paymentMethods);

export const donationView = z.strictObject({
  id: z.string(),
  kind: z.enum(['in_kind', 'cash']),
  donor: z.string().describe('pseudonymous donor ref, or "anonymous"'),
  recordedAt: z.string(),
  store: z.string().nullable(),
  lines: z.array(
    z.strictObject({
      item: z.string(),
      name: z.string(),
      quantity: z.string(),
      fairValue: z.string().describe('CNY, recorded on the ledger transaction'),
      valuationMethod,
      transaction: z.string(),
      hash: z.string(),
    }),
  ),
  cash: z
    .strictObject({ fund: z.string(), amount: z.string(), method: paymentMethod, transaction: z.string(), hash: z.string() })
    .nullable(),
  totalValue: z.string().describe('CNY'),
});

export const receiptView = donationView.extend({
  community: z.strictObject({ id: z.string(), name: z.string() }),
  donorName: z.string().nullable().describe('for staff, coordinators and admins; null for auditors and anonymous donors'),
  fundName: z.string().nullable(),
  storeName: z.string().nullable(),
});
