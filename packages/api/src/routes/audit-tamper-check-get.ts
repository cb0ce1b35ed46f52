// GET /api/v1/audit/tamper-check: the last scheduled (or `linli verify`) tamper check of the
// caller's community, so admins and auditors see a failure without running the check themselves.
import { auditTamperCheckGet as contract } from '@linli/contract';
import { readTamperCheck } from '../operations/tamper-check.js';
import { defineRoute } from '../routing.js';

export const auditTamperCheckGet = defineRoute({
  operationId: 'auditTamperCheckGet',
  method: contract.method,
  path: contract.path,
  summary: 'The last scheduled tamper check: when, whether the journal verified, the first bad entry',
  tag: 'audit',
  access: ['auditor', 'admin'],
  response: contract.response,
  handler: async ({ deps, principal }) => {
    const status = await readTamperCheck(deps.knex, principal.community);
    if (status === undefined) return { checked: false, ok: null, checkedAt: null, lastOkAt: null, transactions: null, firstBad: null };
    return {
      checked: true,
      ok: status.ok,
      checkedAt: status.checkedAt,
      lastOkAt: status.lastOkAt,
      transactions: status.transactions,
      firstBad: status.firstBad,
    };
  },
});
