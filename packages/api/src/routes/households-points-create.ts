// POST /api/v1/households/:code/points: issue love points to a household.
import { householdsPointsCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { issuePoints } from '../workflows/household-points.js';
import { managers } from '@linli/contract';

export const householdsPointsCreate = defineRoute({
  operationId: 'householdsPointsCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Issue love points to a household',
  tag: 'supermarket',
  access: managers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body, idempotencyKey }) => issuePoints(deps, principal, params.code, body, idempotencyKey),
});
