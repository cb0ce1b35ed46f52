// The contract of GET /api/v1/audit/trial-balance: what it takes and what it answers.
import { z } from 'zod';
import { amountView, atQuery } from '../ledger.js';

export const auditTrialBalanceGet = {
  method: 'get',
  path: '/api/v1/audit/trial-balance',
  request: { query: z.strictObject({ at: atQuery.optional() }) },
  response: {
    status: 200,
    description: 'the trial balance',
    schema: z.strictObject({
      at: z.string().nullable(),
      balanced: z.boolean().describe('every unit nets to zero'),
      units: z.array(
        z.strictObject({ unit: z.string(), debit: amountView, credit: amountView, net: amountView, accounts: z.number().int() }),
      ),
    }),
  },
} as const;
