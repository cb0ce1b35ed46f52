// POST /api/v1/assignments/:id/check-out: Check out (the volunteer, or a coordinator on their behalf).
import { assignmentsCheckOut as contract, serviceManagers } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { checkOut } from '../workflows/assignments.js';

export const assignmentsCheckOut = defineRoute({
  operationId: 'assignmentsCheckOut',
  method: contract.method,
  path: contract.path,
  summary: 'Check out (the volunteer, or a coordinator on their behalf)',
  tag: 'service',
  access: ['member', ...serviceManagers],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => checkOut(deps, principal, params.id),
});
