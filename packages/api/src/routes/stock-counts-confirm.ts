// POST /api/v1/stock-counts/:id/confirm: a reason for every difference; counted → confirmed.
import { stockCountsConfirm as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { confirmStockCount } from '../workflows/stock-counts.js';
import { supermarketWorkers } from '@linli/contract';

export const stockCountsConfirm = defineRoute({
  operationId: 'stockCountsConfirm',
  method: contract.method,
  path: contract.path,
  summary: 'Confirm a stock count with a reason per difference (audited)',
  tag: 'supermarket',
  access: supermarketWorkers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body }) => confirmStockCount(deps, principal, params.id, body.reasons),
});
