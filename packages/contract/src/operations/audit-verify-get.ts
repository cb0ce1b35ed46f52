// The contract of GET /api/v1/audit/verify: what it takes and what it answers.
import { z } from 'zod';

export const auditVerifyGet = {
  method: 'get',
  path: '/api/v1/audit/verify',
  response: {
    status: 200,
    description: 'ok with the count and head hash, or the first bad entry',
    schema: z.union([
      z.strictObject({ ok: z.literal(true), transactions: z.number().int(), head: z.string() }),
      z.strictObject({
        ok: z.literal(false),
        transactions: z.number().int().describe('transactions that checked out before the first bad one'),
        firstBad: z.strictObject({
          seq: z.number().int(),
          id: z.string(),
          reason: z.enum(['hash_mismatch', 'balance_mismatch', 'sequence', 'head', 'posting_mismatch', 'account_mismatch']),
        }),
      }),
    ]),
  },
} as const;
