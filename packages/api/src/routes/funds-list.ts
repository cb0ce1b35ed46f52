// GET /api/v1/funds: the funds with their balances and what each project spent.
import { fundsList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';
import { listFunds } from '../workflows/funds.js';
import { supermarketReaders } from '@linli/contract';

export const fundsList = defineRoute({
  operationId: 'fundsList',
  method: contract.method,
  path: contract.path,
  summary: 'Funds with balances',
  tag: 'funds',
  access: supermarketReaders,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, query }) =>
    listFunds(deps, principal.community, { limit: query.limit ?? pageSizeDefault, after: query.after }),
});
