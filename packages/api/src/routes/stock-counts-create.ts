// POST /api/v1/stock-counts: record what was counted; the difference from the books is kept per item.
import { stockCountsCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { recordStockCount } from '../workflows/stock-counts.js';
import { supermarketWorkers } from '@linli/contract';

export const stockCountsCreate = defineRoute({
  operationId: 'stockCountsCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Record a stock count (audited)',
  tag: 'supermarket',
  access: supermarketWorkers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, idempotencyKey }) => recordStockCount(deps, principal, body, idempotencyKey),
});
