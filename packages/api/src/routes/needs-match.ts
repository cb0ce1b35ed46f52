// POST /api/v1/needs/:id/match: batch mode over the community's open needs; proposals stored.
import { needsMatch as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { runMatching } from '../workflows/matching.js';
import { serviceManagers } from '@linli/contract';

export const needsMatch = defineRoute({
  operationId: 'needsMatch',
  method: contract.method,
  path: contract.path,
  summary:
    'Run batch matching over the community’s open needs; answers this need’s proposals with their cost parts and exclusions with their rules',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => runMatching(deps, principal, params.id),
});
