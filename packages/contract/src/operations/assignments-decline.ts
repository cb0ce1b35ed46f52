// The contract of POST /api/v1/assignments/:id/decline: what it takes and what it answers.
import { z } from 'zod';
import { assignmentId, assignmentView } from '../needs.js';

export const assignmentsDecline = {
  method: 'post',
  path: '/api/v1/assignments/:id/decline',
  request: { params: z.strictObject({ id: assignmentId }) },
  response: { status: 200, description: 'the assignment', schema: assignmentView },
} as const;
