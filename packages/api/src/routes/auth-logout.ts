// POST /api/v1/auth/logout: ends the refresh token's session; its access tokens are refused from the next request on.
import { authLogout as contract } from '@linli/contract';
import { logout } from '../auth/sessions.js';
import { defineRoute } from '../routing.js';

export const authLogout = defineRoute({
  operationId: 'authLogout',
  method: contract.method,
  path: contract.path,
  summary: 'Log out: end the session of a refresh token, its access tokens included',
  tag: 'auth',
  access: 'public',
  request: contract.request,
  response: contract.response,
  handler: ({ deps, body }) => logout(deps, body.refreshToken),
});
