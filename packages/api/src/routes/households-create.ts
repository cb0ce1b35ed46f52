// POST /api/v1/households: register a household; it gets a random code and its personal data is sealed.
import { createHousehold } from '../workflows/households.js';
import { householdsCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';

export const householdsCreate = defineRoute({
  operationId: 'householdsCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Register a household (audited)',
  tag: 'households',
  access: ['coordinator', 'admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body }) => createHousehold(deps, principal, body),
});
