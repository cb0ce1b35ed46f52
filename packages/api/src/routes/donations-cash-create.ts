// POST /api/v1/donations/cash: money given to a restricted fund.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { donateCash } from '../workflows/donations.js';
import { donationView, donorInput, paymentMethod } from './donation-schemas.js';
import { memo, positiveAmount, slugCode, supermarketWorkers } from './supermarket-schemas.js';

export const donationsCashCreate = defineRoute({
  operationId: 'donationsCashCreate',
  method: 'post',
  path: '/api/v1/donations/cash',
  summary: 'Record a cash donation to a fund',
  tag: 'funds',
  access: supermarketWorkers,
  idempotent: true,
  request: { body: z.strictObject({ fund: slugCode, amount: positiveAmount.describe('CNY, at most 2 decimals (the ledger refuses more)'), donor: donorInput, method: paymentMethod, memo: memo.optional() }) },
  response: { status: 201, description: 'the donation as booked', schema: donationView },
  handler: ({ deps, principal, body, idempotencyKey }) => donateCash(deps, principal, body, idempotencyKey),
});
