// POST /api/v1/assignments/:id/approve: the hours actually served post from the hold; the rest goes back.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { approveAssignment } from '../workflows/assignments.js';
import { assignmentId, assignmentView, hours, serviceManagers } from './needs-schemas.js';

export const assignmentsApprove = defineRoute({
  operationId: 'assignmentsApprove',
  method: 'post',
  path: '/api/v1/assignments/:id/approve',
  summary: 'Approve the hours served (at most those held): the volunteer is credited, the rest of the hold released',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: { params: z.strictObject({ id: assignmentId }), body: z.strictObject({ hours }) },
  response: { status: 200, description: 'the assignment, approved', schema: assignmentView },
  handler: ({ deps, principal, params, body }) => approveAssignment(deps, principal, params.id, body.hours),
});
