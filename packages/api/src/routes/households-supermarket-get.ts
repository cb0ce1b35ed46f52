// GET /api/v1/households/:code/supermarket: what the counter needs: points and remaining quotas, no personal data.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { householdCode } from '../validation.js';
import { householdSupermarket } from '../workflows/distributions.js';
import { supermarketReaders } from './supermarket-schemas.js';

export const householdsSupermarketGet = defineRoute({
  operationId: 'householdsSupermarketGet',
  method: 'get',
  path: '/api/v1/households/:code/supermarket',
  summary: 'A household’s love points and this month’s remaining quotas',
  tag: 'supermarket',
  access: supermarketReaders,
  request: { params: z.strictObject({ code: householdCode }) },
  response: {
    status: 200,
    description: 'points and quotas, by household code only',
    schema: z.strictObject({
      code: z.string(),
      points: z.strictObject({ balance: z.string(), available: z.string() }),
      month: z.string().describe('YYYY-MM, China Standard Time'),
      quotas: z.array(z.strictObject({ item: z.string(), name: z.string(), monthlyQuota: z.string(), used: z.string(), remaining: z.string() })),
    }),
  },
  handler: ({ deps, principal, params }) => householdSupermarket(deps, principal, params.code),
});
