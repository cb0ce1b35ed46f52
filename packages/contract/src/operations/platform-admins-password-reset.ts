// The contract of POST /api/v1/platform/communities/:community/admins/:userId/password-reset: what it takes and what it answers.
import { z } from 'zod';
import { passwordResetView } from '../platform.js';
import { communityCode, userId } from '../values.js';

export const platformAdminsPasswordReset = {
  method: 'post',
  path: '/api/v1/platform/communities/:community/admins/:userId/password-reset',
  request: { params: z.strictObject({ community: communityCode, userId }) },
  response: { status: 200, description: 'the one-time password, to hand over once', schema: passwordResetView },
} as const;
