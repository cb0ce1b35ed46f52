// The contract of POST /api/v1/applications/:id/accept: what it takes and what it answers.
import { z } from 'zod';
import { applicationAcceptBody, applicationAcceptance, applicationReference } from '../application.js';

export const applicationsAccept = {
  method: 'post',
  path: '/api/v1/applications/:id/accept',
  request: { params: z.strictObject({ id: applicationReference }), body: applicationAcceptBody },
  response: { status: 200, description: 'the decided application and the account', schema: applicationAcceptance },
} as const;
