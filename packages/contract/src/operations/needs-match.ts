// The contract of POST /api/v1/needs/:id/match: what it takes and what it answers.
import { z } from 'zod';
import { exclusionCounts, exclusionView, needId, needView, proposalView } from '../needs.js';

export const needsMatch = {
  method: 'post',
  path: '/api/v1/needs/:id/match',
  request: { params: z.strictObject({ id: needId }) },
  response: {
    status: 200,
    description: 'this need’s proposals and exclusions, and the run’s totals',
    schema: z.strictObject({
      need: needView,
      proposals: z.array(proposalView),
      exclusions: z.array(exclusionView),
      run: z.strictObject({
        needs: z.number().int(),
        volunteers: z.number().int(),
        openSlots: z.number().int(),
        filledSlots: z.number().int(),
        proposals: z.number().int(),
        totalCost: z.number().int(),
        exclusionCounts,
      }),
    }),
  },
} as const;
