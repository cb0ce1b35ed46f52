// The contract of GET /api/v1/stock-counts/:id: what it takes and what it answers.
import { z } from 'zod';
import { stockCountView } from '../stock-count.js';
import { stockCountId } from '../supermarket.js';

export const stockCountsGet = {
  method: 'get',
  path: '/api/v1/stock-counts/:id',
  request: { params: z.strictObject({ id: stockCountId }) },
  response: { status: 200, description: 'the count', schema: stockCountView },
} as const;
