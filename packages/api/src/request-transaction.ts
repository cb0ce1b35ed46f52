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
      return await deps.knex.transaction((transaction) => {
        if (deps.database.kind === 'postgres') sendFinalWithCommit(transaction);
        return work(transaction);
      });
    } catch (error) {
      if (attempt >= requestTransactionAttemptsMax || !retryable.has(sqlState(error))) throw error;
      deps.logger.warn({ attempt, code: sqlState(error) }, 'request transaction retried');
      // A little jitter, so that two requests that deadlocked do not meet again.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20 * attempt)));
    }
  }
}

/**
 * The last statement of a request's transaction, written with `?` for its values (text, or null).
 * Its values travel as literals in the COMMIT's round trip, so it must be fixed text written in
 * the code, with no `?` of its own.
 */
export interface FinalStatement {
  sql: string;
  values: readonly (string | null)[];
}

/** Transactions whose COMMIT carries a final statement: the statement, or null until one is given. */
const finalStatements = new WeakMap<Knex.Transaction, FinalStatement | null>();

/**
 * Runs `statement` as the last statement of the request's transaction. On the PostgreSQL server
 * it travels with the COMMIT, in one round trip (a simple query of two statements): a request that
 * posted holds its community's journal lock from the posting to the end of the COMMIT, and every
 * other write of the community waits that long, so each round trip after the posting costs every
 * writer of the community. Elsewhere (PGlite, or a transaction not opened by
 * `inRequestTransaction`) it runs at once.
 */
export async function runLast(transaction: Knex.Transaction, statement: FinalStatement): Promise<void> {
  const pending = finalStatements.get(transaction);
  if (pending === undefined) {
    await transaction.raw(statement.sql, [...statement.values]);
    return;
  }
  if (pending !== null) throw new Error('assertion: a request transaction has one final statement');
  finalStatements.set(transaction, statement);
}

interface PgConnection {
  query(text: string): Promise<unknown>;
  escapeLiteral(value: string): string;
}

interface TransactionClient {
  query(connection: PgConnection, statement: unknown): Promise<unknown>;
}

/**
 * Makes the transaction's COMMIT carry its final statement (`runLast`). knex commits by sending
 * `COMMIT;` through the transaction's client; that one call goes to the connection as the final
 * statement and the COMMIT together. If the final statement fails, PostgreSQL skips the COMMIT
 * after it and the transaction stays open and failed, so it is rolled back here before the error
 * goes on (otherwise the connection would return to the pool inside it). knex-internal: the
 * round-trip test (`request-round-trips.test.ts`) fails if a knex upgrade changes how it commits.
 */
function sendFinalWithCommit(transaction: Knex.Transaction): void {
  finalStatements.set(transaction, null);
  const client = transaction.client as unknown as TransactionClient;
  const query = client.query.bind(client);
  client.query = (connection, statement) => {
    const final = finalStatements.get(transaction);
    if (statement !== 'COMMIT;' || final === undefined || final === null) return query(connection, statement);
    return connection.query(`${render(connection, final)};\ncommit`).catch(async (error: unknown) => {
      await connection.query('rollback').catch(() => undefined);
      throw error;
    });
  };
}

/** The statement with its values as literals (escaped as libpq's PQescapeLiteral does). */
function render(connection: PgConnection, statement: FinalStatement): string {
  const parts = statement.sql.split('?');
  if (parts.length !== statement.values.length + 1) throw new Error('assertion: a final statement has one value per ?');
  return parts.reduce((text, part, index) => `${text}${literal(connection, statement.values[index - 1])}${part}`);
}

function literal(connection: PgConnection, value: string | null | undefined): string {
  if (value === undefined) throw new Error('assertion: a value per ?');
  return value === null ? 'null' : connection.escapeLiteral(value);
}

function sqlState(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}
