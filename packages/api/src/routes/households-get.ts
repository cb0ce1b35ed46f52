// GET /api/v1/households/:code: one household; personal data for coordinators and admins only.
import { getHousehold } from '../workflows/households.js';
import { householdsGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';

export const householdsGet = defineRoute({
  operationId: 'householdsGet',
  method: contract.method,
  path: contract.path,
  summary: 'One household (reading personal data is audited)',
  tag: 'households',
  access: ['coordinator', 'admin', 'staff', 'auditor'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => getHousehold(deps, principal, params.code),
});
