// The contract of POST /api/v1/users: what it takes and what it answers.
import { z } from 'zod';
import { communityRoleSchema, userView } from '../common.js';
import { displayName, passwordNew, usernameNew } from '../values.js';

export const usersCreate = {
  method: 'post',
  path: '/api/v1/users',
  request: { body: z.strictObject({ username: usernameNew, displayName, role: communityRoleSchema, password: passwordNew }) },
  response: { status: 201, description: 'the new account', schema: userView },
} as const;
