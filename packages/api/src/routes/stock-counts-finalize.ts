// POST /api/v1/stock-counts/:id/finalize: post the differences to the variance accounts; confirmed → finalized.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { finalizeStockCount } from '../workflows/stock-counts.js';
import { stockCountView } from './stock-count-schemas.js';
import { stockCountId } from './supermarket-schemas.js';

export const stockCountsFinalize = defineRoute({
  operationId: 'stockCountsFinalize',
  method: 'post',
  path: '/api/v1/stock-counts/:id/finalize',
  summary: 'Finalize a confirmed stock count: its variances post as one linked batch (audited)',
  tag: 'supermarket',
  access: ['admin'],
  idempotent: true,
  request: { params: z.strictObject({ id: stockCountId }) },
  response: { status: 200, description: 'the count, status finalized', schema: stockCountView },
  handler: ({ deps, principal, params }) => finalizeStockCount(deps, principal, params.id),
});
