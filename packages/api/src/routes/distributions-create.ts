// POST /api/v1/distributions: hand goods to a household (for points) or a member (for hours).
import { distributionsCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { distribute } from '../workflows/distributions.js';
import { supermarketWorkers } from '@linli/contract';

export const distributionsCreate = defineRoute({
  operationId: 'distributionsCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Hand goods to a household or a member, within the redemption rules and monthly quotas',
  tag: 'supermarket',
  access: supermarketWorkers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, idempotencyKey }) => {
    const recipient = body.household !== undefined ? { household: body.household } : { member: body.member ?? '' };
    return distribute(
      deps,
      principal,
      { store: body.store, recipient, items: body.items, points: body.points, memo: body.memo },
      idempotencyKey,
    );
  },
});
