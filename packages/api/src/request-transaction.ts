// The one place a writing request opens its database transaction, and retries it when
// PostgreSQL chose it as the victim of a deadlock or a serialization failure.
import type { Knex } from 'knex';
import type { Deps } from './deps.js';

/** Attempts of one request's transaction; deadlocks between requests are rare and resolve at once. */
export const requestTransactionAttemptsMax = 3;

/** SQLSTATEs after which the whole transaction may run again: nothing of it was kept. */
const retryable = new Set(['40001', '40P01']);

/**
 * Runs `work` in one database transaction (READ COMMITTED, PostgreSQL's default: the ledger's
 * functions take the row locks their checks need). On a deadlock or serialization failure the
 * transaction was rolled back whole, so it runs again, up to `requestTransactionAttemptsMax`.
 */
export async function inRequestTransaction<T>(deps: Deps, work: (transaction: Knex.Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.knex.transaction(work);
    } catch (error) {
      if (attempt >= requestTransactionAttemptsMax || !retryable.has(sqlState(error))) throw error;
      deps.logger.warn({ attempt, code: sqlState(error) }, 'request transaction retried');
      // A little jitter, so that two requests that deadlocked do not meet again.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20 * attempt)));
    }
  }
}

function sqlState(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}
