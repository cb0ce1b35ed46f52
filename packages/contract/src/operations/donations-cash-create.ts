// The contract of POST /api/v1/donations/cash: what it takes and what it answers.
import { z } from 'zod';
import { donationView, donorInput, paymentMethod } from '../donation.js';
import { memo, positiveAmount, slugCode } from '../supermarket.js';

export const donationsCashCreate = {
  method: 'post',
  path: '/api/v1/donations/cash',
  request: {
    body: z.strictObject({
      fund: slugCode,
      amount: positiveAmount.describe('CNY, at most 2 decimals (the ledger refuses more)'),
      donor: donorInput,
      method: paymentMethod,
      memo: memo.optional(),
    }),
  },
  response: { status: 201, description: 'the donation as booked', schema: donationView },
} as const;
