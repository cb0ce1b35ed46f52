// The contract of GET /api/v1/members/:userId: what it takes and what it answers.
import { z } from 'zod';
import { memberView } from '../member.js';
import { userId } from '../values.js';

export const membersGet = {
  method: 'get',
  path: '/api/v1/members/:userId',
  request: { params: z.strictObject({ userId }) },
  response: { status: 200, description: 'the member', schema: memberView },
} as const;
