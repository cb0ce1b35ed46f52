// The contract of POST /api/v1/assignments/:id/check-in: what it takes and what it answers.
import { z } from 'zod';
import { assignmentId, assignmentView } from '../needs.js';

export const assignmentsCheckIn = {
  method: 'post',
  path: '/api/v1/assignments/:id/check-in',
  request: { params: z.strictObject({ id: assignmentId }) },
  response: { status: 200, description: 'the assignment', schema: assignmentView },
} as const;
