// POST /api/v1/users: create an account with any role in the caller's community (admins).
import { z } from 'zod';
import { createAccount } from '../auth/user-admin.js';
import { defineRoute } from '../routing.js';
import { displayName, passwordNew, usernameNew } from '../validation.js';
import { communityRoleSchema, userView } from './shared-schemas.js';

export const usersCreate = defineRoute({
  operationId: 'usersCreate',
  method: 'post',
  path: '/api/v1/users',
  summary: 'Create an account (audited)',
  tag: 'users',
  access: ['admin'],
  idempotent: true,
  request: { body: z.strictObject({ username: usernameNew, displayName, role: communityRoleSchema, password: passwordNew }) },
  response: { status: 201, description: 'the new account', schema: userView },
  handler: ({ deps, principal, body }) => createAccount(deps, principal, body),
});
