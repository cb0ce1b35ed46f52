// The contract of POST /api/v1/auth/login: what it takes and what it answers.
import { z } from 'zod';
import { sessionView } from '../common.js';
import { communityCode, passwordLogin, usernameLogin } from '../values.js';

export const authLogin = {
  method: 'post',
  path: '/api/v1/auth/login',
  request: { body: z.strictObject({ community: communityCode, username: usernameLogin, password: passwordLogin }) },
  response: { status: 200, description: 'a new session', schema: sessionView },
} as const;
