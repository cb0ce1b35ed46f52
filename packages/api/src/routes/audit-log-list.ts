// GET /api/v1/audit-log: the community's privileged actions, newest first (admins, auditors, who
// read people as pseudonyms).
import { auditLogList as contract } from '@linli/contract';
import { listAudit } from '../audit/audit-log.js';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';

export const auditLogList = defineRoute({
  operationId: 'auditLogList',
  method: contract.method,
  path: contract.path,
  summary: 'The audit log, newest first',
  tag: 'audit',
  access: ['admin', 'auditor'],
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, query }) => {
    const limit = query.limit ?? pageSizeDefault;
    const items = await listAudit(deps.knex, principal.community, { limit, before: query.before });
    const last = items.at(-1);
    // A username is chosen by its person, often from their name (zhangxiaoming): auditors read the
    // entry's target user as a pseudonym instead (privacy/auditor-view.ts), so the username goes.
    if (principal.role === 'auditor') for (const item of items) delete item.details['username'];
    return { items, next: items.length === limit && last !== undefined ? `${last.at}~${last.id}` : null };
  },
});
