// The contract of GET /api/v1/stores: what it takes and what it answers.
import { z } from 'zod';
import { storeView } from '../supermarket.js';

export const storesList = {
  method: 'get',
  path: '/api/v1/stores',
  response: { status: 200, description: 'every store', schema: z.strictObject({ items: z.array(storeView) }) },
} as const;
