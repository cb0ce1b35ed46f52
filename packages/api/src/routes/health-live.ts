// GET /healthz: the process is up (no database call; for liveness probes).
import { healthLive as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';

export const healthLive = defineRoute({
  operationId: 'healthLive',
  method: contract.method,
  path: contract.path,
  summary: 'The process is up',
  tag: 'health',
  access: 'public',
  response: contract.response,
  handler: async () => ({ status: 'ok' as const }),
});
