// The contract of PUT /api/v1/volunteers/:userId/profile: what it takes and what it answers.
import { z } from 'zod';
import { volunteerProfileBody } from '../needs.js';
import { userId } from '../values.js';

export const volunteersProfilePut = {
  method: 'put',
  path: '/api/v1/volunteers/:userId/profile',
  request: { params: z.strictObject({ userId }), body: volunteerProfileBody },
  response: {
    status: 200,
    description: 'the profile as stored (place rounded to 100 m)',
    schema: z.strictObject({ userId, gridCell: z.string(), updated: z.literal(true) }),
  },
} as const;
