// GET /api/v1/me/needs-nearby: browse mode for the calling member, ranked, with each cost part and why.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { needsNearby } from '../workflows/matching.js';
import { assignmentId, exclusionCounts, exclusionView, proposalView } from './needs-schemas.js';

export const meNeedsNearbyGet = defineRoute({
  operationId: 'meNeedsNearbyGet',
  method: 'get',
  path: '/api/v1/me/needs-nearby',
  summary: 'Needs near me that I could serve, cheapest first with each cost part; nearby needs a rule excludes, with the rule',
  tag: 'service',
  access: ['member'],
  response: {
    status: 200,
    description: 'the ranked list and the exclusions',
    schema: z.strictObject({
      items: z.array(proposalView.extend({ assignment: assignmentId.nullable().describe('my proposal for this need, if batch made one'), title: z.string(), urgency: z.number().int() })),
      exclusions: z.array(exclusionView.extend({ title: z.string() })),
      exclusionCounts,
    }),
  },
  handler: ({ deps, principal }) => needsNearby(deps, principal),
});
