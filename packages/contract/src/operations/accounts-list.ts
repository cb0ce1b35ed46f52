// The contract of GET /api/v1/accounts: what it takes and what it answers.
import { z } from 'zod';
import { accountView, cursorPageOf } from '../ledger.js';
import { id, pageLimit } from '../values.js';

/** The ledger's unit codes (`isUnitCode` of @linli/ledger: a test in the api keeps them equal). */
export const unitCodePattern = /^(?:[A-Z][A-Z0-9_]{0,15}|ITEM:[a-z0-9][a-z0-9._-]{0,62})$/;

const unitCode = z
  .string()
  .max(128)
  .refine((code) => unitCodePattern.test(code), 'a unit code such as HOUR or ITEM:rice-5kg');

export const accountsList = {
  method: 'get',
  path: '/api/v1/accounts',
  request: {
    query: z.strictObject({
      unit: unitCode.optional(),
      store: id.optional().describe('only this store’s accounts; staff in several stores name one'),
      cursor: id.optional().describe('the `next` of the previous page'),
      limit: pageLimit.optional(),
    }),
  },
  response: { status: 200, description: 'a page of accounts', schema: cursorPageOf(accountView) },
} as const;
