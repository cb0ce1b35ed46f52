// POST /api/v1/assignments/:id/check-in: Check in (the volunteer, or a coordinator on their behalf).
import { assignmentsCheckIn as contract, serviceManagers } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { checkIn } from '../workflows/assignments.js';

export const assignmentsCheckIn = defineRoute({
  operationId: 'assignmentsCheckIn',
  method: contract.method,
  path: contract.path,
  summary: 'Check in (the volunteer, or a coordinator on their behalf)',
  tag: 'service',
  access: ['member', ...serviceManagers],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => checkIn(deps, principal, params.id),
});
