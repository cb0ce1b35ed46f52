// The contract of GET /api/v1/public/applications/:community/:reference: what it takes and what it answers.
import { z } from 'zod';
import { applicationReference, applicationSecret, applicationStatusView } from '../application.js';
import { communityCode } from '../values.js';

export const applicationsStatusGet = {
  method: 'get',
  path: '/api/v1/public/applications/:community/:reference',
  request: {
    params: z.strictObject({ community: communityCode, reference: applicationReference }),
    query: z.strictObject({ secret: applicationSecret }),
  },
  response: { status: 200, description: 'the status; a wrong secret is not_found', schema: applicationStatusView },
} as const;
