// The contract of GET /api/v1/needs: what it takes and what it answers.
import { z } from 'zod';
import { needId, needView } from '../needs.js';
import { pageLimit } from '../values.js';

export const needsList = {
  method: 'get',
  path: '/api/v1/needs',
  request: {
    query: z.strictObject({
      status: z.enum(['open', 'closed', 'cancelled']).optional(),
      limit: pageLimit.optional(),
      after: needId.optional(),
    }),
  },
  response: { status: 200, description: 'a page of needs', schema: z.strictObject({ items: z.array(needView), next: needId.nullable() }) },
} as const;
