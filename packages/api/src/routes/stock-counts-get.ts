// GET /api/v1/stock-counts/:id: one stock count with its lines and state.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { readStockCount } from '../workflows/stock-counts.js';
import { stockCountView } from './stock-count-schemas.js';
import { stockCountId, supermarketReaders } from './supermarket-schemas.js';

export const stockCountsGet = defineRoute({
  operationId: 'stockCountsGet',
  method: 'get',
  path: '/api/v1/stock-counts/:id',
  summary: 'A stock count',
  tag: 'supermarket',
  access: supermarketReaders,
  request: { params: z.strictObject({ id: stockCountId }) },
  response: { status: 200, description: 'the count', schema: stockCountView },
  handler: ({ deps, principal, params }) => readStockCount(deps.knex, principal, params.id),
});
