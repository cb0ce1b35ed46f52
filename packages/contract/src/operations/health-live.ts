// The contract of GET /healthz: what it takes and what it answers.
import { z } from 'zod';

export const healthLive = {
  method: 'get',
  path: '/healthz',
  response: { status: 200, description: 'up', schema: z.strictObject({ status: z.literal('ok') }) },
} as const;
