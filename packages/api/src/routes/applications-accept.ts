// POST /api/v1/applications/:id/accept: a member account with a one-time password, or a link to a member (coordinators, admins).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { acceptApplication } from '../workflows/applications.js';
import { applicationAcceptBody, applicationAcceptance, applicationReference } from './application-schemas.js';

export const applicationsAccept = defineRoute({
  operationId: 'applicationsAccept',
  method: 'post',
  path: '/api/v1/applications/:id/accept',
  summary: 'Accept an application: a new member account (one-time password) or a link to an existing member (audited)',
  tag: 'members',
  access: ['coordinator', 'admin'],
  idempotent: true,
  request: { params: z.strictObject({ id: applicationReference }), body: applicationAcceptBody },
  response: { status: 200, description: 'the decided application and the account', schema: applicationAcceptance },
  handler: ({ deps, principal, params, body }) => acceptApplication(deps, principal, params.id, body),
});
