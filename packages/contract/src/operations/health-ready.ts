// The contract of GET /readyz: what it takes and what it answers.
import { z } from 'zod';

export const healthReady = {
  method: 'get',
  path: '/readyz',
  response: {
    status: 200,
    description: 'ready',
    schema: z.strictObject({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }),
  },
} as const;
