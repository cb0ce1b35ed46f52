// The contract of POST /api/v1/stock-counts: what it takes and what it answers.
import { z } from 'zod';
import { stockCountLinesMax, stockCountView } from '../stock-count.js';
import { distinct, itemCode, slugCode } from '../supermarket.js';
import { amount } from '../values.js';

export const stockCountsCreate = {
  method: 'post',
  path: '/api/v1/stock-counts',
  request: {
    body: z.strictObject({
      store: slugCode,
      lines: z
        .array(z.strictObject({ item: itemCode, counted: amount.describe('what is on the shelf; "0" when none') }))
        .min(1)
        .max(stockCountLinesMax)
        .refine((list) => distinct(list.map((line) => line.item)), 'each item once'),
    }),
  },
  response: { status: 201, description: 'the count, status counted', schema: stockCountView },
} as const;
