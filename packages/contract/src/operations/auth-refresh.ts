// The contract of POST /api/v1/auth/refresh: what it takes and what it answers.
import { z } from 'zod';
import { refreshTokenLengthMax, sessionView } from '../common.js';

export const authRefresh = {
  method: 'post',
  path: '/api/v1/auth/refresh',
  request: { body: z.strictObject({ refreshToken: z.string().min(1).max(refreshTokenLengthMax) }) },
  response: { status: 200, description: 'the renewed session', schema: sessionView },
} as const;
