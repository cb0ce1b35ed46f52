// The contract of POST /api/v1/users/:userId/password-reset: what it takes and what it answers.
import { z } from 'zod';
import { passwordResetView } from '../platform.js';
import { userId } from '../values.js';

export const usersPasswordReset = {
  method: 'post',
  path: '/api/v1/users/:userId/password-reset',
  request: { params: z.strictObject({ userId }) },
  response: { status: 200, description: 'the one-time password, to hand over once', schema: passwordResetView },
} as const;
