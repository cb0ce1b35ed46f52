// The contract of GET /api/v1/me/statement: what it takes and what it answers.
import { z } from 'zod';
import { cursorPageOf, seqCursor, statementLineView } from '../ledger.js';
import { pageLimit } from '../values.js';

export const meStatementGet = {
  method: 'get',
  path: '/api/v1/me/statement',
  request: { query: z.strictObject({ cursor: seqCursor.optional(), limit: pageLimit.optional() }) },
  response: { status: 200, description: 'a page of postings', schema: cursorPageOf(statementLineView) },
} as const;
