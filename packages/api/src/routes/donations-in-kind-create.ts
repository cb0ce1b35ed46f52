// POST /api/v1/donations/in-kind: goods given to a store; one linked batch, so all lines or none.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { donateInKind, donationLinesMax } from '../workflows/donations.js';
import { donationView, donorInput, valuationMethod } from './donation-schemas.js';
import { itemCode, memo, positiveAmount, slugCode, supermarketWorkers, distinct, yuan } from './supermarket-schemas.js';

export const donationsInKindCreate = defineRoute({
  operationId: 'donationsInKindCreate',
  method: 'post',
  path: '/api/v1/donations/in-kind',
  summary: 'Record a donation in kind (fair value and method recorded on the ledger)',
  tag: 'supermarket',
  access: supermarketWorkers,
  idempotent: true,
  request: {
    body: z.strictObject({
      store: slugCode,
      donor: donorInput,
      items: z
        .array(z.strictObject({ item: itemCode, quantity: positiveAmount, fairValue: yuan.optional().describe('CNY for the whole line; default: catalogue price × quantity') }))
        .min(1)
        .max(donationLinesMax)
        .refine((list) => distinct(list.map((line) => line.item)), 'each item once'),
      valuationMethod: valuationMethod.describe('how the given fair values were set; lines without one are catalogue_price'),
      memo: memo.optional(),
    }),
  },
  response: { status: 201, description: 'the donation as booked', schema: donationView },
  handler: ({ deps, principal, body, idempotencyKey }) => donateInKind(deps, principal, body, idempotencyKey),
});
