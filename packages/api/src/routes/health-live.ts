// GET /healthz: the process is up (no database call; for liveness probes).
import { z } from 'zod';
import { defineRoute } from '../routing.js';

export const healthLive = defineRoute({
  operationId: 'healthLive',
  method: 'get',
  path: '/healthz',
  summary: 'The process is up',
  tag: 'health',
  access: 'public',
  response: { status: 200, description: 'up', schema: z.strictObject({ status: z.literal('ok') }) },
  handler: async () => ({ status: 'ok' as const }),
});
