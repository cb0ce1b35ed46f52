// GET /api/v1/accounts: the community's ledger accounts by id (auditors, coordinators, admins;
// staff see only their store's accounts).
import { accountsList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';
import { listReadableAccounts } from '../workflows/account-access.js';

export const accountsList = defineRoute({
  operationId: 'accountsList',
  method: contract.method,
  path: contract.path,
  summary: 'List ledger accounts, by id',
  tag: 'ledger',
  access: ['auditor', 'coordinator', 'admin', 'staff'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, query }) =>
    listReadableAccounts(deps, principal, {
      unit: query.unit,
      store: query.store,
      cursor: query.cursor,
      limit: query.limit ?? pageSizeDefault,
    }),
});
