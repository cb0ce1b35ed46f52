// GET /api/v1/public/applications/:community/:reference: the outcome, for whoever holds the secret (public).
import { applicationsStatusGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { applicationStatus } from '../workflows/applications.js';

export const applicationsStatusGet = defineRoute({
  operationId: 'applicationsStatusGet',
  method: contract.method,
  path: contract.path,
  summary: "An application's outcome and, once accepted, how to log in",
  tag: 'public',
  access: 'public',
  request: contract.request,
  response: contract.response,
  handler: ({ deps, params, query }) => applicationStatus(deps, params.community, params.reference, query.secret),
});
