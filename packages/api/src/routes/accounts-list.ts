// GET /api/v1/accounts: the community's ledger accounts by id (auditors, coordinators, admins;
// staff see only their store's accounts).
import { isUnitCode } from '@linli/ledger';
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { id, pageLimit, pageSizeDefault } from '../validation.js';
import { listReadableAccounts } from '../workflows/account-access.js';
import { accountView, cursorPageOf } from './ledger-schemas.js';

const unitCode = z.string().max(128).refine(isUnitCode, 'a unit code such as HOUR or ITEM:rice-5kg');

export const accountsList = defineRoute({
  operationId: 'accountsList',
  method: 'get',
  path: '/api/v1/accounts',
  summary: 'List ledger accounts, by id',
  tag: 'ledger',
  access: ['auditor', 'coordinator', 'admin', 'staff'],
  request: {
    query: z.strictObject({
      unit: unitCode.optional(),
      store: id.optional().describe('only this store’s accounts; staff in several stores name one'),
      cursor: id.optional().describe('the `next` of the previous page'),
      limit: pageLimit.optional(),
    }),
  },
  response: { status: 200, description: 'a page of accounts', schema: cursorPageOf(accountView) },
  handler: ({ deps, principal, query }) => listReadableAccounts(deps, principal, { unit: query.unit, store: query.store, cursor: query.cursor, limit: query.limit ?? pageSizeDefault }),
});
