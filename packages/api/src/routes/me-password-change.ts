// POST /api/v1/me/password: the caller changes their own password (the current one, then the new).
import { z } from 'zod';
import { allRoles } from '../auth/roles.js';
import { changeOwnPassword } from '../auth/password-change.js';
import { defineRoute } from '../routing.js';
import { passwordLogin, passwordNew } from '../validation.js';

// A writing POST, so it takes an Idempotency-Key like every other: a retry after a lost answer gets
// the first answer rather than current_password_incorrect. The key's row keeps a SHA-256 of the
// body for a day; inverting it means guessing both passwords at once (each at least 12 characters,
// the one-time ones random), so it tells nothing a database reader could use.
export const mePasswordChange = defineRoute({
  operationId: 'mePasswordChange',
  method: 'post',
  path: '/api/v1/me/password',
  summary: 'Change my password (at least 12 characters, not a common one); every session ends',
  tag: 'auth',
  access: allRoles,
  idempotent: true,
  request: { body: z.strictObject({ currentPassword: passwordLogin, newPassword: passwordNew }) },
  response: { status: 204, description: 'changed; log in again with the new password' },
  handler: async ({ deps, principal, body }) => {
    await changeOwnPassword(deps, principal, body);
  },
});
