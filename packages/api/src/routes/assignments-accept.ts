// POST /api/v1/assignments/:id/accept: The volunteer accepts a proposal: the payer’s hours are held.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { acceptAssignment } from '../workflows/assignments.js';
import { assignmentId, assignmentView } from './needs-schemas.js';

export const assignmentsAccept = defineRoute({
  operationId: 'assignmentsAccept',
  method: 'post',
  path: '/api/v1/assignments/:id/accept',
  summary: 'The volunteer accepts a proposal: the payer’s hours are held',
  tag: 'service',
  access: ['member'],
  idempotent: true,
  request: { params: z.strictObject({ id: assignmentId }) },
  response: { status: 200, description: 'the assignment', schema: assignmentView },
  handler: ({ deps, principal, params }) => acceptAssignment(deps, principal, params.id),
});
