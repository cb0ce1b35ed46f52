// POST /api/v1/me/password: change my own password; my other sessions end at once (every role).
import { z } from 'zod';
import { changeOwnPassword } from '../auth/own-password.js';
import { allRoles } from '../auth/roles.js';
import { defineRoute } from '../routing.js';
import { passwordLogin, passwordNew } from '../validation.js';

export const mePasswordChange = defineRoute({
  operationId: 'mePasswordChange',
  method: 'post',
  path: '/api/v1/me/password',
  summary: 'Change my password, giving the current one; my other sessions end at once (audited)',
  tag: 'auth',
  access: allRoles,
  idempotent: true,
  request: { body: z.strictObject({ currentPassword: passwordLogin, newPassword: passwordNew }) },
  response: { status: 204, description: 'changed; this session carries on, the others have ended' },
  handler: ({ deps, principal, body, address }) => changeOwnPassword(deps, principal, body, address),
});
