// The contract of POST /api/v1/auth/logout: what it takes and what it answers.
import { z } from 'zod';
import { refreshTokenLengthMax } from '../common.js';

export const authLogout = {
  method: 'post',
  path: '/api/v1/auth/logout',
  request: { body: z.strictObject({ refreshToken: z.string().min(1).max(refreshTokenLengthMax) }) },
  response: { status: 204, description: 'logged out (also when the token was unknown)' },
} as const;
