// Opens the ledger's database: PostgreSQL when a URL is given, otherwise embedded PGlite.
import knexModule, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';

const { knex } = knexModule;

/** NUMERIC arrives as a string from both drivers; BIGINT (1 << 63 > 2^53) also as a string. */
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => text);

export interface DatabaseOptions {
  /** A PostgreSQL connection string; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** The embedded database's folder; when absent (and no URL) the database lives in memory. */
  dataDir?: string | undefined;
  /** Connections in the pool (PostgreSQL only; PGlite has exactly one). */
  poolSize?: number | undefined;
}

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export const poolSizeDefault = 10;

/**
 * How long a query waits for a pooled connection (knex's default is 60 s). Past it the database
 * is down or swamped, and the caller is better told so (the service answers 503) than kept waiting.
 */
export const connectionAcquireTimeoutMs = 10_000;

/** How long opening a connection to a PostgreSQL server may take (node-postgres waits forever by default). */
export const connectTimeoutMs = 5_000;

export function openDatabase(options: DatabaseOptions = {}): Database {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    const instance = knex({
      client: 'pg',
      connection: { connectionString: options.databaseUrl, connectionTimeoutMillis: connectTimeoutMs },
      pool: { min: 0, max: options.poolSize ?? poolSizeDefault },
      acquireConnectionTimeout: connectionAcquireTimeoutMs,
    });
    return { knex: instance, kind: 'postgres', close: () => instance.destroy() };
  }
  const instance = knex({
    client: ClientPgLite as unknown as Knex.Config['client'],
    dialect: 'postgres',
    connection: options.dataDir === undefined ? {} : { filename: options.dataDir },
    acquireConnectionTimeout: connectionAcquireTimeoutMs,
  });
  return { knex: instance, kind: 'pglite', close: () => instance.destroy() };
}
