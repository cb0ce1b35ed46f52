// POST /api/v1/applications/:id/decline: decline with a reason the applicant reads (coordinators, admins).
import { applicationsDecline as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { declineApplication } from '../workflows/applications.js';

export const applicationsDecline = defineRoute({
  operationId: 'applicationsDecline',
  method: contract.method,
  path: contract.path,
  summary: 'Decline an application with a reason (audited)',
  tag: 'members',
  access: ['coordinator', 'admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body }) => declineApplication(deps, principal, params.id, body.reason),
});
