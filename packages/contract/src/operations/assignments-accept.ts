// The contract of POST /api/v1/assignments/:id/accept: what it takes and what it answers.
import { z } from 'zod';
import { assignmentId, assignmentView } from '../needs.js';

export const assignmentsAccept = {
  method: 'post',
  path: '/api/v1/assignments/:id/accept',
  request: { params: z.strictObject({ id: assignmentId }) },
  response: { status: 200, description: 'the assignment', schema: assignmentView },
} as const;
