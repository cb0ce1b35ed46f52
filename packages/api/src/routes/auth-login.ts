// POST /api/v1/auth/login: community, username and password → an access token and a refresh token.
import { z } from 'zod';
import { login } from '../auth/sessions.js';
import { defineRoute } from '../routing.js';
import { communityCode, passwordLogin, usernameLogin } from '../validation.js';
import { sessionView } from './shared-schemas.js';

export const authLogin = defineRoute({
  operationId: 'authLogin',
  method: 'post',
  path: '/api/v1/auth/login',
  summary: 'Log in (rate-limited per address and per username)',
  tag: 'auth',
  access: 'public',
  request: { body: z.strictObject({ community: communityCode, username: usernameLogin, password: passwordLogin }) },
  response: { status: 200, description: 'a new session', schema: sessionView },
  handler: ({ deps, body, address }) => login(deps, { ...body, address }),
});
