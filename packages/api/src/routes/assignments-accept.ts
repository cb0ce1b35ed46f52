// POST /api/v1/assignments/:id/accept: The volunteer accepts a proposal: the payer’s hours are held.
import { assignmentsAccept as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { acceptAssignment } from '../workflows/assignments.js';

export const assignmentsAccept = defineRoute({
  operationId: 'assignmentsAccept',
  method: contract.method,
  path: contract.path,
  summary: 'The volunteer accepts a proposal: the payer’s hours are held',
  tag: 'service',
  access: ['member'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => acceptAssignment(deps, principal, params.id),
});
