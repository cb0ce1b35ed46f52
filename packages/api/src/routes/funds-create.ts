// POST /api/v1/funds: a restricted charity fund and its projects.
import { fundsCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { createFund } from '../workflows/funds.js';

export const fundsCreate = defineRoute({
  operationId: 'fundsCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Create a restricted fund with its projects (audited)',
  tag: 'funds',
  access: ['admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body }) => createFund(deps, principal, body),
});
