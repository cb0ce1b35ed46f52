// The contract of POST /api/v1/assignments/:id/approve: what it takes and what it answers.
import { z } from 'zod';
import { assignmentId, assignmentView, hours } from '../needs.js';

export const assignmentsApprove = {
  method: 'post',
  path: '/api/v1/assignments/:id/approve',
  request: { params: z.strictObject({ id: assignmentId }), body: z.strictObject({ hours }) },
  response: { status: 200, description: 'the assignment, approved', schema: assignmentView },
} as const;
