// The contract of POST /api/v1/clearing/transfers/on-behalf: what it takes and what it answers.
import { z } from 'zod';
import { onBehalfOfInput } from '../ledger.js';
import { transferInput, transferView } from '../transfer.js';

export const clearingTransfersCreateOnBehalf = {
  method: 'post',
  path: '/api/v1/clearing/transfers/on-behalf',
  request: { body: z.strictObject({ onBehalfOf: onBehalfOfInput, ...transferInput }) },
  response: { status: 201, description: 'the settled transfer', schema: transferView },
} as const;
