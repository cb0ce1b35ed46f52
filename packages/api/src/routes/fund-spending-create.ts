// POST /api/v1/funds/:fund/spending: spending out of a restricted fund for one of its projects.
import { fundSpendingCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { spendFromFund } from '../workflows/funds.js';
import { managers } from '@linli/contract';

export const fundSpendingCreate = defineRoute({
  operationId: 'fundSpendingCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Spending out of a fund for one of its projects (the fund cannot go below zero)',
  tag: 'funds',
  access: managers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body, idempotencyKey }) =>
    spendFromFund(deps, principal, params.fund, body, 'fund_spending', idempotencyKey),
});
