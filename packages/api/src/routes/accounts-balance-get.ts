// GET /api/v1/accounts/:accountId/balance: one account's balance now or at a past time
// (auditors, coordinators, admins; staff for their store's accounts).
import { accountsBalanceGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { readableAccount } from '../workflows/account-access.js';

export const accountsBalanceGet = defineRoute({
  operationId: 'accountsBalanceGet',
  method: contract.method,
  path: contract.path,
  summary: 'An account’s balance and available balance, or its balance at a past time',
  tag: 'ledger',
  access: ['auditor', 'coordinator', 'admin', 'staff'],
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, params, query }) => {
    const account = await readableAccount(deps, principal, params.accountId);
    const balance = await deps.ledger.balance(principal.community, account.id, query.at === undefined ? {} : { at: query.at });
    if (balance === undefined) throw new Error(`assertion: account ${account.id} was just read`);
    return balance;
  },
});
