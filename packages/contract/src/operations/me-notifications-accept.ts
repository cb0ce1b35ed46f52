// The contract of POST /api/v1/me/notifications/:needId/accept: what it takes and what it answers.
import { z } from 'zod';
import { assignmentView, needId } from '../needs.js';

export const meNotificationsAccept = {
  method: 'post',
  path: '/api/v1/me/notifications/:needId/accept',
  request: { params: z.strictObject({ needId }) },
  response: { status: 200, description: 'my confirmed assignment on the need', schema: assignmentView },
} as const;
