// GET /api/v1/households: households by code; personal data for coordinators and admins only.
import { listHouseholds } from '../workflows/households.js';
import { householdsList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';

export const householdsList = defineRoute({
  operationId: 'householdsList',
  method: contract.method,
  path: contract.path,
  summary: 'List households (staff and auditors see codes only; reading personal data is audited)',
  tag: 'households',
  access: ['coordinator', 'admin', 'staff', 'auditor'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, query }) => listHouseholds(deps, principal, { limit: query.limit ?? pageSizeDefault, after: query.after }),
});
