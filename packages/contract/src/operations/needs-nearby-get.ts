// The contract of GET /api/v1/me/needs-nearby: what it takes and what it answers.
import { z } from 'zod';
import { assignmentId, exclusionCounts, exclusionView, proposalView } from '../needs.js';

export const meNeedsNearbyGet = {
  method: 'get',
  path: '/api/v1/me/needs-nearby',
  response: {
    status: 200,
    description: 'the ranked list and the exclusions',
    schema: z.strictObject({
      items: z.array(
        proposalView.extend({
          assignment: assignmentId.nullable().describe('my proposal for this need, if batch made one'),
          title: z.string(),
          urgency: z.number().int(),
        }),
      ),
      exclusions: z.array(exclusionView.extend({ title: z.string() })),
      exclusionCounts,
    }),
  },
} as const;
