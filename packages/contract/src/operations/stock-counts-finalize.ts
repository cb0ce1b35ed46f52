// The contract of POST /api/v1/stock-counts/:id/finalize: what it takes and what it answers.
import { z } from 'zod';
import { stockCountView } from '../stock-count.js';
import { stockCountId } from '../supermarket.js';

export const stockCountsFinalize = {
  method: 'post',
  path: '/api/v1/stock-counts/:id/finalize',
  request: { params: z.strictObject({ id: stockCountId }) },
  response: { status: 200, description: 'the count, status finalized', schema: stockCountView },
} as const;
