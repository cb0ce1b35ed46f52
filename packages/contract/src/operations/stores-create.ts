// The contract of POST /api/v1/stores: what it takes and what it answers.
import { z } from 'zod';
import { slugCode, storeView } from '../supermarket.js';
import { text } from '../values.js';

export const storesCreate = {
  method: 'post',
  path: '/api/v1/stores',
  request: { body: z.strictObject({ id: slugCode, name: text(100) }) },
  response: { status: 201, description: 'the store', schema: storeView },
} as const;
