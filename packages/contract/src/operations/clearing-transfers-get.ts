// The contract of GET /api/v1/clearing/transfers/:id: what it takes and what it answers.
import { z } from 'zod';
import { transferView } from '../transfer.js';
import { id } from '../values.js';

export const clearingTransfersGet = {
  method: 'get',
  path: '/api/v1/clearing/transfers/:id',
  request: { params: z.strictObject({ id }) },
  response: { status: 200, description: 'the transfer', schema: transferView },
} as const;
