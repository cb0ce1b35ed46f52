// POST /api/v1/stock-counts: record what was counted; the difference from the books is kept per item.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { amount } from '../validation.js';
import { recordStockCount, stockCountLinesMax } from '../workflows/stock-counts.js';
import { stockCountView } from './stock-count-schemas.js';
import { itemCode, slugCode, supermarketWorkers, distinct } from './supermarket-schemas.js';

export const stockCountsCreate = defineRoute({
  operationId: 'stockCountsCreate',
  method: 'post',
  path: '/api/v1/stock-counts',
  summary: 'Record a stock count (audited)',
  tag: 'supermarket',
  access: supermarketWorkers,
  idempotent: true,
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
  handler: ({ deps, principal, body, idempotencyKey }) => recordStockCount(deps, principal, body, idempotencyKey),
});
