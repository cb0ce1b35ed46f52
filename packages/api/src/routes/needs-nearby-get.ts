// GET /api/v1/me/needs-nearby: browse mode for the calling member, ranked, with each cost part and why.
import { meNeedsNearbyGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { needsNearby } from '../workflows/matching.js';

export const meNeedsNearbyGet = defineRoute({
  operationId: 'meNeedsNearbyGet',
  method: contract.method,
  path: contract.path,
  summary: 'Needs near me that I could serve, cheapest first with each cost part; nearby needs a rule excludes, with the rule',
  tag: 'service',
  access: ['member'],
  response: contract.response,
  handler: ({ deps, principal }) => needsNearby(deps, principal),
});
