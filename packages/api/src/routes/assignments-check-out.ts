// POST /api/v1/assignments/:id/check-out: Check out (the volunteer, or a coordinator on their behalf).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { checkOut } from '../workflows/assignments.js';
import { assignmentId, assignmentView, serviceManagers } from './needs-schemas.js';

export const assignmentsCheckOut = defineRoute({
  operationId: 'assignmentsCheckOut',
  method: 'post',
  path: '/api/v1/assignments/:id/check-out',
  summary: 'Check out (the volunteer, or a coordinator on their behalf)',
  tag: 'service',
  access: ['member', ...serviceManagers],
  idempotent: true,
  request: { params: z.strictObject({ id: assignmentId }) },
  response: { status: 200, description: 'the assignment', schema: assignmentView },
  handler: ({ deps, principal, params }) => checkOut(deps, principal, params.id),
});
