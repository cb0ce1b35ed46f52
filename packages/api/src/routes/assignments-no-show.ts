// POST /api/v1/assignments/:id/no-show: Record that the volunteer did not come; the hold is voided.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { recordNoShow } from '../workflows/assignments.js';
import { assignmentId, assignmentView, serviceManagers } from './needs-schemas.js';

export const assignmentsNoShow = defineRoute({
  operationId: 'assignmentsNoShow',
  method: 'post',
  path: '/api/v1/assignments/:id/no-show',
  summary: 'Record that the volunteer did not come; the hold is voided',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: { params: z.strictObject({ id: assignmentId }) },
  response: { status: 200, description: 'the assignment', schema: assignmentView },
  handler: ({ deps, principal, params }) => recordNoShow(deps, principal, params.id),
});
