// The contract of GET /api/v1/applications: what it takes and what it answers.
import { z } from 'zod';
import { applicationReference, applicationStatus, applicationView } from '../application.js';
import { pageOf } from '../common.js';
import { pageLimit } from '../values.js';

export const applicationsList = {
  method: 'get',
  path: '/api/v1/applications',
  request: {
    query: z.strictObject({ status: applicationStatus.optional(), limit: pageLimit.optional(), after: applicationReference.optional() }),
  },
  response: { status: 200, description: 'a page of applications by reference', schema: pageOf(applicationView) },
} as const;
