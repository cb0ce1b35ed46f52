// POST /api/v1/assignments/:id/cancel: Cancel an assignment; its hold is voided.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { cancelAssignment } from '../workflows/assignments.js';
import { assignmentId, assignmentView, serviceManagers } from './needs-schemas.js';

export const assignmentsCancel = defineRoute({
  operationId: 'assignmentsCancel',
  method: 'post',
  path: '/api/v1/assignments/:id/cancel',
  summary: 'Cancel an assignment; its hold is voided',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: { params: z.strictObject({ id: assignmentId }) },
  response: { status: 200, description: 'the assignment', schema: assignmentView },
  handler: ({ deps, principal, params }) => cancelAssignment(deps, principal, params.id),
});
