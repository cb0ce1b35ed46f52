// PostgreSQL named statements for the queries every request runs, so each connection plans them once.
import type { Knex } from 'knex';

/**
 * On the PostgreSQL server, names the statement so that each connection plans it once: a query
 * that runs on every request (the session check, the Idempotency-Key claim) cost PostgreSQL more
 * to plan than to run. The SQL under one name must be the same on every call (only the values
 * change), as a named statement needs. PGlite has no such option.
 */
export function planOnce<T extends Knex.QueryBuilder | Knex.Raw>(db: Knex, name: string, query: T): T {
  if ((db.client as { config?: { client?: unknown } }).config?.client !== 'pg') return query;
  return (query as Knex.ChainableInterface).options({ name }) as T;
}
