// POST /api/v1/needs: post a service need (coordinators for anyone or the pool; a member for themselves).
import { defineRoute } from '../routing.js';
import { createNeed } from '../workflows/needs.js';
import { needCreateBody, needView, needWriters } from './needs-schemas.js';

export const needsCreate = defineRoute({
  operationId: 'needsCreate',
  method: 'post',
  path: '/api/v1/needs',
  summary: 'Post a service need: skills, grid cell and approximate place, window, slots, hours, urgency, payer',
  tag: 'service',
  access: needWriters,
  idempotent: true,
  request: { body: needCreateBody },
  response: { status: 201, description: 'the need, status open', schema: needView },
  handler: ({ deps, principal, body, idempotencyKey }) => createNeed(deps, principal, body, idempotencyKey),
});
