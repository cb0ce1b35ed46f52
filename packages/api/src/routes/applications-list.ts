// GET /api/v1/applications: the community's applications to join, pending first by default (coordinators, admins).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { pageLimit } from '../validation.js';
import { applicationsPageMax, listApplications } from '../workflows/applications.js';
import { applicationReference, applicationStatus, applicationView } from './application-schemas.js';
import { pageOf } from './shared-schemas.js';

export const applicationsList = defineRoute({
  operationId: 'applicationsList',
  method: 'get',
  path: '/api/v1/applications',
  summary: 'List applications to join, with name and phone',
  tag: 'members',
  access: ['coordinator', 'admin'],
  request: { query: z.strictObject({ status: applicationStatus.optional(), limit: pageLimit.optional(), after: applicationReference.optional() }) },
  response: { status: 200, description: 'a page of applications by reference', schema: pageOf(applicationView) },
  handler: ({ deps, principal, query }) => listApplications(deps, principal.community, { status: query.status ?? 'pending', limit: Math.min(query.limit ?? applicationsPageMax, applicationsPageMax), after: query.after }),
});
