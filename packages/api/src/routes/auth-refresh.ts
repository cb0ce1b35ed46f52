// POST /api/v1/auth/refresh: a refresh token → a new access token and a new refresh token.
import { z } from 'zod';
import { refreshTokenLengthMax } from '../auth/refresh-tokens.js';
import { refresh } from '../auth/sessions.js';
import { defineRoute } from '../routing.js';
import { sessionView } from './shared-schemas.js';

export const authRefresh = defineRoute({
  operationId: 'authRefresh',
  method: 'post',
  path: '/api/v1/auth/refresh',
  summary: 'Rotate a refresh token; presenting a used one revokes its session',
  tag: 'auth',
  access: 'public',
  request: { body: z.strictObject({ refreshToken: z.string().min(1).max(refreshTokenLengthMax) }) },
  response: { status: 200, description: 'the renewed session', schema: sessionView },
  handler: ({ deps, body }) => refresh(deps, body.refreshToken),
});
