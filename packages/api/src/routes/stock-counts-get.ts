// GET /api/v1/stock-counts/:id: one stock count with its lines and state.
import { stockCountsGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { readStockCount } from '../workflows/stock-counts.js';
import { supermarketReaders } from '@linli/contract';

export const stockCountsGet = defineRoute({
  operationId: 'stockCountsGet',
  method: contract.method,
  path: contract.path,
  summary: 'A stock count',
  tag: 'supermarket',
  access: supermarketReaders,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => readStockCount(deps.knex, principal, params.id),
});
