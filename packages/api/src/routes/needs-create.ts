// POST /api/v1/needs: post a service need (coordinators for anyone or the pool; a member for themselves).
import { needsCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { createNeed } from '../workflows/needs.js';
import { needWriters } from '@linli/contract';

export const needsCreate = defineRoute({
  operationId: 'needsCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Post a service need: skills, grid cell and approximate place, window, slots, hours, urgency, payer',
  tag: 'service',
  access: needWriters,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, idempotencyKey }) => createNeed(deps, principal, body, idempotencyKey),
});
