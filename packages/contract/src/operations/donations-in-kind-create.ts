// The contract of POST /api/v1/donations/in-kind: what it takes and what it answers.
import { z } from 'zod';
import { donationLinesMax, donationView, donorInput, valuationMethod } from '../donation.js';
import { distinct, itemCode, memo, positiveAmount, slugCode, yuan } from '../supermarket.js';

export const donationsInKindCreate = {
  method: 'post',
  path: '/api/v1/donations/in-kind',
  request: {
    body: z.strictObject({
      store: slugCode,
      donor: donorInput,
      items: z
        .array(
          z.strictObject({
            item: itemCode,
            quantity: positiveAmount,
            fairValue: yuan.optional().describe('CNY for the whole line; default: catalogue price × quantity'),
          }),
        )
        .min(1)
        .max(donationLinesMax)
        .refine((list) => distinct(list.map((line) => line.item)), 'each item once'),
      valuationMethod: valuationMethod.describe('how the given fair values were set; lines without one are catalogue_price'),
      memo: memo.optional(),
    }),
  },
  response: { status: 201, description: 'the donation as booked', schema: donationView },
} as const;
