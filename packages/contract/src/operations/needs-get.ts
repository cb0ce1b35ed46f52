// The contract of GET /api/v1/needs/:id: what it takes and what it answers.
import { z } from 'zod';
import { assignmentView, needId, needView } from '../needs.js';

export const needsGet = {
  method: 'get',
  path: '/api/v1/needs/:id',
  request: { params: z.strictObject({ id: needId }) },
  response: { status: 200, description: 'the need', schema: z.strictObject({ need: needView, assignments: z.array(assignmentView) }) },
} as const;
