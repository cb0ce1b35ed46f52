// GET /api/v1/audit-log: the community's privileged actions, newest first (admins, auditors, who
// read people as pseudonyms).
import { z } from 'zod';
import { listAudit } from '../audit/audit-log.js';
import { defineRoute } from '../routing.js';
import { pageLimit, pageSizeDefault, timestamp } from '../validation.js';
import { pageOf } from './shared-schemas.js';

/** `<at>~<id>` of the last entry of the previous page: entries of one instant are not skipped. */
const auditCursor = z.string().max(80).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z~[0-9a-f-]{36}$/, 'the `next` of the previous page');

const auditEntryView = z.strictObject({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  at: timestamp,
  details: z.record(z.string(), z.unknown()),
});

export const auditLogList = defineRoute({
  operationId: 'auditLogList',
  method: 'get',
  path: '/api/v1/audit-log',
  summary: 'The audit log, newest first',
  tag: 'audit',
  access: ['admin', 'auditor'],
  request: { query: z.strictObject({ limit: pageLimit.optional(), before: auditCursor.optional() }) },
  response: { status: 200, description: 'a page of entries', schema: pageOf(auditEntryView) },
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
