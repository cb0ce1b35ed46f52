// POST /api/v1/stock-counts/:id/confirm: a reason for every difference; counted → confirmed.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { confirmStockCount, stockCountLinesMax } from '../workflows/stock-counts.js';
import { stockCountView, varianceReason } from './stock-count-schemas.js';
import { itemCode, stockCountId, supermarketWorkers, distinct } from './supermarket-schemas.js';

export const stockCountsConfirm = defineRoute({
  operationId: 'stockCountsConfirm',
  method: 'post',
  path: '/api/v1/stock-counts/:id/confirm',
  summary: 'Confirm a stock count with a reason per difference (audited)',
  tag: 'supermarket',
  access: supermarketWorkers,
  idempotent: true,
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
  handler: ({ deps, principal, params, body }) => confirmStockCount(deps, principal, params.id, body.reasons),
});
