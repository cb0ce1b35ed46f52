// GET /api/v1/applications: the community's applications to join, pending first by default (coordinators, admins).
import { applicationsList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { applicationsPageMax, listApplications } from '../workflows/applications.js';

export const applicationsList = defineRoute({
  operationId: 'applicationsList',
  method: contract.method,
  path: contract.path,
  summary: 'List applications to join, with name and phone',
  tag: 'members',
  access: ['coordinator', 'admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, query }) =>
    listApplications(deps, principal.community, {
      status: query.status ?? 'pending',
      limit: Math.min(query.limit ?? applicationsPageMax, applicationsPageMax),
      after: query.after,
    }),
});
