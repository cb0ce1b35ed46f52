// GET /api/v1/audit/verify: recomputes the community's hash chain and says whether the journal is
// as written, or names the first entry that is not (auditors, admins).
import { auditVerifyGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';

export const auditVerifyGet = defineRoute({
  operationId: 'auditVerifyGet',
  method: contract.method,
  path: contract.path,
  summary: 'Check the journal’s hash chain (tamper evidence)',
  tag: 'audit',
  access: ['auditor', 'admin'],
  response: contract.response,
  handler: ({ deps, principal }) => deps.ledger.verify(principal.community),
});
