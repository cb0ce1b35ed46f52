// GET /api/v1/accounts/:accountId/statement: one account's postings in journal order
// (auditors, coordinators, admins; staff for their store's accounts).
import { accountsStatementGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';
import { readableAccount } from '../workflows/account-access.js';

export const accountsStatementGet = defineRoute({
  operationId: 'accountsStatementGet',
  method: contract.method,
  path: contract.path,
  summary: 'An account’s postings, oldest first, with the balance after each',
  tag: 'ledger',
  access: ['auditor', 'coordinator', 'admin', 'staff'],
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, params, query }) => {
    const account = await readableAccount(deps, principal, params.accountId);
    const page = await deps.ledger.statement(principal.community, account.id, {
      cursor: query.cursor ?? null,
      limit: query.limit ?? pageSizeDefault,
    });
    return { items: page.items, next: page.nextCursor };
  },
});
