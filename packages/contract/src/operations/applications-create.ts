// The contract of POST /api/v1/public/applications: what it takes and what it answers.
import { applicationCreateBody, applicationReceipt } from '../application.js';

export const applicationsCreate = {
  method: 'post',
  path: '/api/v1/public/applications',
  request: { body: applicationCreateBody },
  response: { status: 201, description: 'the reference and the secret that open the status page', schema: applicationReceipt },
} as const;
