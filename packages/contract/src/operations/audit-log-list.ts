// The contract of GET /api/v1/audit-log: what it takes and what it answers.
import { z } from 'zod';
import { pageOf } from '../common.js';
import { pageLimit, timestamp } from '../values.js';

/** `<at>~<id>` of the last entry of the previous page: entries of one instant are not skipped. */
const auditCursor = z
  .string()
  .max(80)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z~[0-9a-f-]{36}$/, 'the `next` of the previous page');

const auditEntryView = z.strictObject({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  at: timestamp,
  details: z.record(z.string(), z.unknown()),
});

export const auditLogList = {
  method: 'get',
  path: '/api/v1/audit-log',
  request: { query: z.strictObject({ limit: pageLimit.optional(), before: auditCursor.optional() }) },
  response: { status: 200, description: 'a page of entries', schema: pageOf(auditEntryView) },
} as const;
