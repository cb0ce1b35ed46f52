// The contract of POST /api/v1/applications/:id/decline: what it takes and what it answers.
import { z } from 'zod';
import { applicationDeclineBody, applicationReference, applicationView } from '../application.js';

export const applicationsDecline = {
  method: 'post',
  path: '/api/v1/applications/:id/decline',
  request: { params: z.strictObject({ id: applicationReference }), body: applicationDeclineBody },
  response: { status: 200, description: 'the declined application', schema: applicationView },
} as const;
