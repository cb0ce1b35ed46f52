// POST /api/v1/auth/refresh: a refresh token → a new access token and a new refresh token.
import { authRefresh as contract } from '@linli/contract';
import { refresh } from '../auth/sessions.js';
import { defineRoute } from '../routing.js';

export const authRefresh = defineRoute({
  operationId: 'authRefresh',
  method: contract.method,
  path: contract.path,
  summary: 'Rotate a refresh token; presenting a used one revokes its session',
  tag: 'auth',
  access: 'public',
  request: contract.request,
  response: contract.response,
  handler: ({ deps, body }) => refresh(deps, body.refreshToken),
});
