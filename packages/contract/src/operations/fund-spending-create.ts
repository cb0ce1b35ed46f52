// The contract of POST /api/v1/funds/:fund/spending: what it takes and what it answers.
import { z } from 'zod';
import { fundMovementView } from '../fund.js';
import { memo, positiveAmount, slugCode } from '../supermarket.js';

export const fundSpendingCreate = {
  method: 'post',
  path: '/api/v1/funds/:fund/spending',
  request: {
    params: z.strictObject({ fund: slugCode }),
    body: z.strictObject({ project: slugCode, amount: positiveAmount.describe('CNY, at most 2 decimals'), memo: memo.optional() }),
  },
  response: { status: 201, description: 'the movement and the fund’s balance after it', schema: fundMovementView },
} as const;
