// POST /api/v1/assignments/:id/check-in: Check in (the volunteer, or a coordinator on their behalf).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { checkIn } from '../workflows/assignments.js';
import { assignmentId, assignmentView, serviceManagers } from './needs-schemas.js';

export const assignmentsCheckIn = defineRoute({
  operationId: 'assignmentsCheckIn',
  method: 'post',
  path: '/api/v1/assignments/:id/check-in',
  summary: 'Check in (the volunteer, or a coordinator on their behalf)',
  tag: 'service',
  access: ['member', ...serviceManagers],
  idempotent: true,
  request: { params: z.strictObject({ id: assignmentId }) },
  response: { status: 200, description: 'the assignment', schema: assignmentView },
  handler: ({ deps, principal, params }) => checkIn(deps, principal, params.id),
});
