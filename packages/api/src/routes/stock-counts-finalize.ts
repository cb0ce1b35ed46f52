// POST /api/v1/stock-counts/:id/finalize: post the differences to the variance accounts; confirmed → finalized.
import { stockCountsFinalize as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { finalizeStockCount } from '../workflows/stock-counts.js';

export const stockCountsFinalize = defineRoute({
  operationId: 'stockCountsFinalize',
  method: contract.method,
  path: contract.path,
  summary: 'Finalize a confirmed stock count: its variances post as one linked batch (audited)',
  tag: 'supermarket',
  access: ['admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => finalizeStockCount(deps, principal, params.id),
});
