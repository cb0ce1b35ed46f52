// POST /api/v1/assignments/:id/cancel: Cancel an assignment; its hold is voided.
import { assignmentsCancel as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { cancelAssignment } from '../workflows/assignments.js';
import { serviceManagers } from '@linli/contract';

export const assignmentsCancel = defineRoute({
  operationId: 'assignmentsCancel',
  method: contract.method,
  path: contract.path,
  summary: 'Cancel an assignment; its hold is voided',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => cancelAssignment(deps, principal, params.id),
});
