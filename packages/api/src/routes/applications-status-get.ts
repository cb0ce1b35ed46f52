// GET /api/v1/public/applications/:community/:reference: the outcome, for whoever holds the secret (public).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { communityCode } from '../validation.js';
import { applicationStatus } from '../workflows/applications.js';
import { applicationReference, applicationSecret, applicationStatusView } from './application-schemas.js';

export const applicationsStatusGet = defineRoute({
  operationId: 'applicationsStatusGet',
  method: 'get',
  path: '/api/v1/public/applications/:community/:reference',
  summary: "An application's outcome and, once accepted, how to log in",
  tag: 'public',
  access: 'public',
  request: { params: z.strictObject({ community: communityCode, reference: applicationReference }), query: z.strictObject({ secret: applicationSecret }) },
  response: { status: 200, description: 'the status; a wrong secret is not_found', schema: applicationStatusView },
  handler: ({ deps, params, query }) => applicationStatus(deps, params.community, params.reference, query.secret),
});
