// POST /api/v1/me/password: the caller changes their own password (the current one, then the new).
import { z } from 'zod';
import { allRoles } from '../auth/roles.js';
import { changeOwnPassword } from '../auth/password-change.js';
import { defineRoute } from '../routing.js';
import { passwordLogin, passwordNew } from '../validation.js';

// Not `idempotent`: the Idempotency-Key store keeps a hash of the request body, and this body is
// two passwords. Repeating the request is safe anyway: the second finds the current password changed.
export const mePasswordChange = defineRoute({
  operationId: 'mePasswordChange',
  method: 'post',
  path: '/api/v1/me/password',
  summary: 'Change my password (at least 12 characters, not a common one); every session ends',
  tag: 'auth',
  access: allRoles,
  request: { body: z.strictObject({ currentPassword: passwordLogin, newPassword: passwordNew }) },
  response: { status: 204, description: 'changed; log in again with the new password' },
  handler: async ({ deps, principal, body }) => {
    await changeOwnPassword(deps, principal, body);
  },
});
