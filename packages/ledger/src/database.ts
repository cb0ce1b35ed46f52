// Opens the ledger's database: PostgreSQL when a URL is given (one host, or several of which it
// follows the one that takes writes), otherwise embedded PGlite.
import knexModule, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { HostSelector, isMultiHostUrl, parseHostList } from './database-hosts.js';

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
    const multiHost = isMultiHostUrl(options.databaseUrl);
    const instance = knex({
      client: 'pg',
      connection: multiHost ? {} : { connectionString: options.databaseUrl, connectionTimeoutMillis: connectTimeoutMs },
      pool: { min: 0, max: options.poolSize ?? poolSizeDefault },
      acquireConnectionTimeout: connectionAcquireTimeoutMs,
    });
    if (multiHost) connectThroughSelector(instance, new HostSelector(parseHostList(options.databaseUrl), openPoolConnection));
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

/**
 * An unconnected connection to one host, with the handlers knex's pg client attaches before it
 * connects: an error or an end marks it disposed, and the pool's validation then drops it. An
 * error event without a handler would end the process.
 */
function openPoolConnection(url: string, connectTimeoutMs: number): pg.Client {
  const connection = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  const marked = connection as pg.Client & { __knex__disposed?: unknown };
  connection.on('error', (error) => {
    marked.__knex__disposed = error;
  });
  connection.on('end', () => {
    marked.__knex__disposed ??= 'Connection ended unexpectedly';
  });
  return connection;
}

/** The part of knex's PostgreSQL client that opens one connection for its pool (knex 3: lib/dialects/postgres). */
interface PgPoolConnector {
  _acquireOnlyConnection(): Promise<pg.Client>;
}

/**
 * Makes every new pooled connection of `instance` come from `selector` (a multi-host connection
 * string), opened as knex's own pg client opens one (`openPoolConnection`), so that a connection
 * that errs or ends is dropped and the next one is selected afresh (after a failover, from the
 * new primary). Everything else of knex's pg client stays as it is (the version check, the
 * search path, `client.config.client === 'pg'`, which callers read). The method replaced is
 * knex's own; if an upgrade renames it, opening the database fails here rather than connecting
 * to the first host only.
 */
function connectThroughSelector(instance: Knex, selector: HostSelector<pg.Client>): void {
  const client = instance.client as Partial<PgPoolConnector>;
  if (typeof client._acquireOnlyConnection !== 'function') throw new Error("assertion: knex's pg client opens connections with _acquireOnlyConnection (knex 3)");
  client._acquireOnlyConnection = () => selector.connect();
}
