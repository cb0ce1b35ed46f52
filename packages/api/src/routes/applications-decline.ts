// POST /api/v1/applications/:id/decline: decline with a reason the applicant reads (coordinators, admins).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { declineApplication } from '../workflows/applications.js';
import { applicationDeclineBody, applicationReference, applicationView } from './application-schemas.js';

export const applicationsDecline = defineRoute({
  operationId: 'applicationsDecline',
  method: 'post',
  path: '/api/v1/applications/:id/decline',
  summary: 'Decline an application with a reason (audited)',
  tag: 'members',
  access: ['coordinator', 'admin'],
  idempotent: true,
  request: { params: z.strictObject({ id: applicationReference }), body: applicationDeclineBody },
  response: { status: 200, description: 'the declined application', schema: applicationView },
  handler: ({ deps, principal, params, body }) => declineApplication(deps, principal, params.id, body.reason),
});
