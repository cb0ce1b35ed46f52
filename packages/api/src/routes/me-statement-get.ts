// GET /api/v1/me/statement: the member's own hour account, posting by posting (members).
import { books } from '@linli/ledger';
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { pageLimit, pageSizeDefault } from '../validation.js';
import { readableAccount } from '../workflows/account-access.js';
import { cursorPageOf, seqCursor, statementLineView } from './ledger-schemas.js';

export const meStatementGet = defineRoute({
  operationId: 'meStatementGet',
  method: 'get',
  path: '/api/v1/me/statement',
  summary: 'My hour account’s postings, oldest first, with the balance after each',
  tag: 'ledger',
  access: ['member'],
  request: { query: z.strictObject({ cursor: seqCursor.optional(), limit: pageLimit.optional() }) },
  response: { status: 200, description: 'a page of postings', schema: cursorPageOf(statementLineView) },
  handler: async ({ deps, principal, query }) => {
    const account = await readableAccount(deps, principal, books.accountIds.memberHours(principal.userId));
    const page = await deps.ledger.statement(principal.community, account.id, { cursor: query.cursor ?? null, limit: query.limit ?? pageSizeDefault });
    return { items: page.items, next: page.nextCursor };
  },
});
