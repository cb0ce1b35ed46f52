// PATCH /api/v1/households/:code: change a household's personal data (coordinators, admins).
import { changeHousehold } from '../workflows/households.js';
import { householdsUpdate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';

export const householdsUpdate = defineRoute({
  operationId: 'householdsUpdate',
  method: contract.method,
  path: contract.path,
  summary: 'Change a household (audited); `null` removes an optional field',
  tag: 'households',
  access: ['coordinator', 'admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body }) => changeHousehold(deps, principal, params.code, body),
});
