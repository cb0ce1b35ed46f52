// The contract of POST /api/v1/me/password: what it takes and what it answers.
import { z } from 'zod';
import { passwordLogin, passwordNew } from '../values.js';

export const mePasswordChange = {
  method: 'post',
  path: '/api/v1/me/password',
  request: { body: z.strictObject({ currentPassword: passwordLogin, newPassword: passwordNew }) },
  response: { status: 204, description: 'changed; this session carries on, the others have ended' },
} as const;
