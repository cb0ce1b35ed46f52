// The contract of GET /api/v1/accounts/:accountId/statement: what it takes and what it answers.
import { z } from 'zod';
import { accountIdParam, cursorPageOf, seqCursor, statementLineView } from '../ledger.js';
import { pageLimit } from '../values.js';

export const accountsStatementGet = {
  method: 'get',
  path: '/api/v1/accounts/:accountId/statement',
  request: {
    params: z.strictObject({ accountId: accountIdParam }),
    query: z.strictObject({ cursor: seqCursor.optional(), limit: pageLimit.optional() }),
  },
  response: { status: 200, description: 'a page of postings', schema: cursorPageOf(statementLineView) },
} as const;
