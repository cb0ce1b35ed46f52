// POST /api/v1/applications/:id/accept: a member account with a one-time password, or a link to a member (coordinators, admins).
import { applicationsAccept as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { acceptApplication } from '../workflows/applications.js';

export const applicationsAccept = defineRoute({
  operationId: 'applicationsAccept',
  method: contract.method,
  path: contract.path,
  summary: 'Accept an application: a new member account (one-time password) or a link to an existing member (audited)',
  tag: 'members',
  access: ['coordinator', 'admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body }) => acceptApplication(deps, principal, params.id, body),
});
