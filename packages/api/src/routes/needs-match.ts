// POST /api/v1/needs/:id/match: batch mode over the community's open needs; proposals stored.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { runMatching } from '../workflows/matching.js';
import { exclusionCounts, exclusionView, needId, needView, proposalView, serviceManagers } from './needs-schemas.js';

export const needsMatch = defineRoute({
  operationId: 'needsMatch',
  method: 'post',
  path: '/api/v1/needs/:id/match',
  summary: 'Run batch matching over the community’s open needs; answers this need’s proposals with their cost parts and exclusions with their rules',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
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
  handler: ({ deps, principal, params }) => runMatching(deps, principal, params.id),
});
