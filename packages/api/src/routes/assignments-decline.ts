// POST /api/v1/assignments/:id/decline: The volunteer declines a proposal.
import { assignmentsDecline as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { declineAssignment } from '../workflows/assignments.js';

export const assignmentsDecline = defineRoute({
  operationId: 'assignmentsDecline',
  method: contract.method,
  path: contract.path,
  summary: 'The volunteer declines a proposal',
  tag: 'service',
  access: ['member'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => declineAssignment(deps, principal, params.id),
});
