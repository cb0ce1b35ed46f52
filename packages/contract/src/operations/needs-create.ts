// The contract of POST /api/v1/needs: what it takes and what it answers.
import { needCreateBody, needView } from '../needs.js';

export const needsCreate = {
  method: 'post',
  path: '/api/v1/needs',
  request: { body: needCreateBody },
  response: { status: 201, description: 'the need, status open', schema: needView },
} as const;
