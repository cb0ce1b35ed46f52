// The contract of POST /api/v1/clearing/transfers: what it takes and what it answers.
import { z } from 'zod';
import { transferInput, transferView } from '../transfer.js';

export const clearingTransfersCreate = {
  method: 'post',
  path: '/api/v1/clearing/transfers',
  request: { body: z.strictObject(transferInput) },
  response: { status: 201, description: 'the settled transfer', schema: transferView },
} as const;
