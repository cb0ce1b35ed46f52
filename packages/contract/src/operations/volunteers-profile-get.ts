// The contract of GET /api/v1/volunteers/:userId/profile: what it takes and what it answers.
import { z } from 'zod';
import { volunteerProfileView } from '../needs.js';
import { userId } from '../values.js';

export const volunteersProfileGet = {
  method: 'get',
  path: '/api/v1/volunteers/:userId/profile',
  request: { params: z.strictObject({ userId }) },
  response: { status: 200, description: 'the profile as the PUT takes it, with when it was last set', schema: volunteerProfileView },
} as const;
