// The contract of GET /api/v1/audit/tamper-check: what it takes and what it answers.
import { z } from 'zod';
import { timestamp } from '../values.js';

export const auditTamperCheckGet = {
  method: 'get',
  path: '/api/v1/audit/tamper-check',
  response: {
    status: 200,
    description: 'the last check; checked false before the first',
    schema: z.strictObject({
      checked: z.boolean(),
      ok: z.boolean().nullable().describe('null before the first check'),
      checkedAt: timestamp.nullable(),
      lastOkAt: timestamp.nullable().describe('when the journal last verified'),
      transactions: z.number().int().nullable().describe('transactions that checked out'),
      firstBad: z.strictObject({ seq: z.number().int(), id: z.string(), reason: z.string() }).nullable(),
    }),
  },
} as const;
