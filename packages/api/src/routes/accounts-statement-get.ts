// GET /api/v1/accounts/:accountId/statement: one account's postings in journal order
// (auditors, coordinators, admins; staff for their store's accounts).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { pageLimit, pageSizeDefault } from '../validation.js';
import { readableAccount } from '../workflows/account-access.js';
import { accountIdParam, cursorPageOf, seqCursor, statementLineView } from './ledger-schemas.js';

export const accountsStatementGet = defineRoute({
  operationId: 'accountsStatementGet',
  method: 'get',
  path: '/api/v1/accounts/:accountId/statement',
  summary: 'An account’s postings, oldest first, with the balance after each',
  tag: 'ledger',
  access: ['auditor', 'coordinator', 'admin', 'staff'],
  request: { params: z.strictObject({ accountId: accountIdParam }), query: z.strictObject({ cursor: seqCursor.optional(), limit: pageLimit.optional() }) },
  response: { status: 200, description: 'a page of postings', schema: cursorPageOf(statementLineView) },
  handler: async ({ deps, principal, params, query }) => {
    const account = await readableAccount(deps, principal, params.accountId);
    const page = await deps.ledger.statement(principal.community, account.id, { cursor: query.cursor ?? null, limit: query.limit ?? pageSizeDefault });
    return { items: page.items, next: page.nextCursor };
  },
});
