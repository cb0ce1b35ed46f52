// The contract of GET /api/v1/accounts/:accountId/balance: what it takes and what it answers.
import { z } from 'zod';
import { accountIdParam, atQuery, balanceView } from '../ledger.js';

export const accountsBalanceGet = {
  method: 'get',
  path: '/api/v1/accounts/:accountId/balance',
  request: { params: z.strictObject({ accountId: accountIdParam }), query: z.strictObject({ at: atQuery.optional() }) },
  response: { status: 200, description: 'the balance', schema: balanceView },
} as const;
