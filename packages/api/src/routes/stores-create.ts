// POST /api/v1/stores: add a charity-supermarket store; every catalogue item gets its stock accounts there.
import { storesCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { createStore } from '../workflows/catalogue.js';

export const storesCreate = defineRoute({
  operationId: 'storesCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Add a store (audited)',
  tag: 'supermarket',
  access: ['admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body }) => createStore(deps, principal, body),
});
