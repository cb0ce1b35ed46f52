// POST /api/v1/users/:userId/password-reset: a one-time password for someone who forgot theirs (admins).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { userId } from '../validation.js';
import { resetUserPassword } from '../workflows/password-resets.js';
import { passwordResetView } from './platform-schemas.js';

export const usersPasswordReset = defineRoute({
  operationId: 'usersPasswordReset',
  method: 'post',
  path: '/api/v1/users/:userId/password-reset',
  summary: "Reset someone's password: a one-time password to change at the next login; their sessions end at once (audited)",
  tag: 'users',
  access: ['admin'],
  idempotent: true,
  request: { params: z.strictObject({ userId }) },
  response: { status: 200, description: 'the one-time password, to hand over once', schema: passwordResetView },
  handler: ({ deps, principal, params }) => resetUserPassword(deps, principal, params.userId),
});
