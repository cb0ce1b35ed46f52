// POST /api/v1/assignments/:id/decline: The volunteer declines a proposal.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { declineAssignment } from '../workflows/assignments.js';
import { assignmentId, assignmentView } from './needs-schemas.js';

export const assignmentsDecline = defineRoute({
  operationId: 'assignmentsDecline',
  method: 'post',
  path: '/api/v1/assignments/:id/decline',
  summary: 'The volunteer declines a proposal',
  tag: 'service',
  access: ['member'],
  idempotent: true,
  request: { params: z.strictObject({ id: assignmentId }) },
  response: { status: 200, description: 'the assignment', schema: assignmentView },
  handler: ({ deps, principal, params }) => declineAssignment(deps, principal, params.id),
});
