// POST /api/v1/auth/login: community, username and password → an access token and a refresh token.
import { authLogin as contract } from '@linli/contract';
import { login } from '../auth/sessions.js';
import { defineRoute } from '../routing.js';

export const authLogin = defineRoute({
  operationId: 'authLogin',
  method: contract.method,
  path: contract.path,
  summary: 'Log in (rate-limited per address and per username)',
  tag: 'auth',
  access: 'public',
  request: contract.request,
  response: contract.response,
  handler: ({ deps, body, address }) => login(deps, { ...body, address }),
});
