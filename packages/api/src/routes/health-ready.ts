// GET /readyz: the database answers and the process is not shutting down (for readiness probes).
import { healthReady as contract } from '@linli/contract';
import { databaseRetryAfterSeconds } from '../database-unavailable.js';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';

const databaseCheckTimeoutMs = 2_000;
const retryAfter = { 'Retry-After': String(databaseRetryAfterSeconds) };

export const healthReady = defineRoute({
  operationId: 'healthReady',
  method: contract.method,
  path: contract.path,
  summary: 'The service can take requests: the database answers',
  tag: 'health',
  access: 'public',
  response: contract.response,
  handler: async ({ deps }) => {
    if (!deps.accepting()) throw new ApiError('not_ready', { detail: 'shutting down' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new ApiError('not_ready', { detail: 'the database did not answer in time', headers: retryAfter })),
        databaseCheckTimeoutMs,
      );
    });
    try {
      await Promise.race([deps.knex.raw('select 1'), timeout]);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      deps.logger.warn({ err: error }, 'readiness check: the database did not answer');
      throw new ApiError('not_ready', { detail: 'the database does not answer', headers: retryAfter });
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ready' as const, database: deps.database.kind };
  },
});
