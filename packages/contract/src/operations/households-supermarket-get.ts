// The contract of GET /api/v1/households/:code/supermarket: what it takes and what it answers.
import { z } from 'zod';
import { householdCode } from '../values.js';

export const householdsSupermarketGet = {
  method: 'get',
  path: '/api/v1/households/:code/supermarket',
  request: { params: z.strictObject({ code: householdCode }) },
  response: {
    status: 200,
    description: 'points and quotas, by household code only',
    schema: z.strictObject({
      code: z.string(),
      points: z.strictObject({ balance: z.string(), available: z.string() }),
      month: z.string().describe('YYYY-MM, China Standard Time'),
      quotas: z.array(
        z.strictObject({ item: z.string(), name: z.string(), monthlyQuota: z.string(), used: z.string(), remaining: z.string() }),
      ),
    }),
  },
} as const;
