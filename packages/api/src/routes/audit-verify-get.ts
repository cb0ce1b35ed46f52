// GET /api/v1/audit/verify: recomputes the community's hash chain and says whether the journal is
// as written, or names the first entry that is not (auditors, admins).
import { z } from 'zod';
import { defineRoute } from '../routing.js';

export const auditVerifyGet = defineRoute({
  operationId: 'auditVerifyGet',
  method: 'get',
  path: '/api/v1/audit/verify',
  summary: 'Check the journal’s hash chain (tamper evidence)',
  tag: 'audit',
  access: ['auditor', 'admin'],
  response: {
    status: 200,
    description: 'ok with the count and head hash, or the first bad entry',
    schema: z.union([
      z.strictObject({ ok: z.literal(true), transactions: z.number().int(), head: z.string() }),
      z.strictObject({
        ok: z.literal(false),
        transactions: z.number().int().describe('transactions that checked out before the first bad one'),
        firstBad: z.strictObject({ seq: z.number().int(), id: z.string(), reason: z.enum(['hash_mismatch', 'balance_mismatch', 'sequence', 'head', 'posting_mismatch', 'account_mismatch']) }),
      }),
    ]),
  },
  handler: ({ deps, principal }) => deps.ledger.verify(principal.community),
});
