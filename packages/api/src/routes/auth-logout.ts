// POST /api/v1/auth/logout: ends the refresh token's session; its access tokens are refused from the next request on.
import { z } from 'zod';
import { refreshTokenLengthMax } from '../auth/refresh-tokens.js';
import { logout } from '../auth/sessions.js';
import { defineRoute } from '../routing.js';

export const authLogout = defineRoute({
  operationId: 'authLogout',
  method: 'post',
  path: '/api/v1/auth/logout',
  summary: 'Log out: end the session of a refresh token, its access tokens included',
  tag: 'auth',
  access: 'public',
  request: { body: z.strictObject({ refreshToken: z.string().min(1).max(refreshTokenLengthMax) }) },
  response: { status: 204, description: 'logged out (also when the token was unknown)' },
  handler: ({ deps, body }) => logout(deps, body.refreshToken),
});
