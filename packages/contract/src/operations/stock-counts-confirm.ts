// The contract of POST /api/v1/stock-counts/:id/confirm: what it takes and what it answers.
import { z } from 'zod';
import { stockCountLinesMax, stockCountView, varianceReason } from '../stock-count.js';
import { distinct, itemCode, stockCountId } from '../supermarket.js';

export const stockCountsConfirm = {
  method: 'post',
  path: '/api/v1/stock-counts/:id/confirm',
  request: {
    params: z.strictObject({ id: stockCountId }),
    body: z.strictObject({
      reasons: z
        .array(z.strictObject({ item: itemCode, reason: varianceReason }))
        .max(stockCountLinesMax)
        .refine((list) => distinct(list.map((entry) => entry.item)), 'each item once'),
    }),
  },
  response: { status: 200, description: 'the count, status confirmed', schema: stockCountView },
} as const;
