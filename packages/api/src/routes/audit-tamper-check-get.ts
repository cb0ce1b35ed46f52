// GET /api/v1/audit/tamper-check: the last scheduled (or `linli verify`) tamper check of the
// caller's community, so admins and auditors see a failure without running the check themselves.
import { z } from 'zod';
import { readTamperCheck } from '../operations/tamper-check.js';
import { defineRoute } from '../routing.js';
import { timestamp } from '../validation.js';

export const auditTamperCheckGet = defineRoute({
  operationId: 'auditTamperCheckGet',
  method: 'get',
  path: '/api/v1/audit/tamper-check',
  summary: 'The last scheduled tamper check: when, whether the journal verified, the first bad entry',
  tag: 'audit',
  access: ['auditor', 'admin'],
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
  handler: async ({ deps, principal }) => {
    const status = await readTamperCheck(deps.knex, principal.community);
    if (status === undefined) return { checked: false, ok: null, checkedAt: null, lastOkAt: null, transactions: null, firstBad: null };
    return { checked: true, ok: status.ok, checkedAt: status.checkedAt, lastOkAt: status.lastOkAt, transactions: status.transactions, firstBad: status.firstBad };
  },
});
