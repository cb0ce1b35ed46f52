// POST /api/v1/assignments/:id/approve: the hours actually served post from the hold; the rest goes back.
import { assignmentsApprove as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { approveAssignment } from '../workflows/assignments.js';
import { serviceManagers } from '@linli/contract';

export const assignmentsApprove = defineRoute({
  operationId: 'assignmentsApprove',
  method: contract.method,
  path: contract.path,
  summary: 'Approve the hours served (at most those held): the volunteer is credited, the rest of the hold released',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body }) => approveAssignment(deps, principal, params.id, body.hours),
});
