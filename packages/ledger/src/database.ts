// Opens the ledger's database: PostgreSQL when a URL is given (one host, or several of which it
// follows the one that takes writes), otherwise embedded PGlite.
import knexModule, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { connectTimeoutMsDefault, HostSelector, isMultiHostUrl, parseHostList } from './database-hosts.js';

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
  /** PostgreSQL only: how long statements, answers and connects may take (`DatabaseTimeouts`); absent: `databaseTimeoutsNone` with the defaults' connect timeout and keepalive. */
  timeouts?: Partial<DatabaseTimeouts> | undefined;
}

/**
 * Bounds on waiting for a PostgreSQL server, so that one that stops answering without closing its
 * sockets (a stopped process, a host gone from the network, a blackholed route) fails requests in
 * bounded time rather than holding them, and their pooled connections, for ever. 0 is no limit.
 */
export interface DatabaseTimeouts {
  /** The server's `statement_timeout`: it cancels a statement that runs longer (SQLSTATE 57014). */
  statementMs: number;
  /**
   * node-postgres's `query_timeout`: the client gives up on a query the server has not answered in
   * this time ("Query read timeout") and closes the connection, which the pool then replaces. Longer
   * than `statementMs`, so that a server that does answer cancels its own statement first.
   */
  queryMs: number;
  /** Opening a connection (TCP, TLS, startup) to one host. */
  connectMs: number;
  /** TCP keepalive: probes begin after the socket has been idle this long, so a peer that vanished is found. */
  keepAliveMs: number;
}

/** The service's defaults (LINLI_DATABASE_*_MS; docs/OPERATIONS.md). */
export const databaseTimeoutsDefault: DatabaseTimeouts = { statementMs: 30_000, queryMs: 35_000, connectMs: 5_000, keepAliveMs: 10_000 };
/** For the operator's commands (migrations, exports, verification may run long): no statement or query limit. */
export const databaseTimeoutsNone: DatabaseTimeouts = {
  statementMs: 0,
  queryMs: 0,
  connectMs: databaseTimeoutsDefault.connectMs,
  keepAliveMs: databaseTimeoutsDefault.keepAliveMs,
};

/** node-postgres's client settings for these timeouts. */
function clientSettings(timeouts: DatabaseTimeouts): pg.ClientConfig {
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    keepAlive: timeouts.keepAliveMs > 0,
    keepAliveInitialDelayMillis: timeouts.keepAliveMs,
    ...(timeouts.statementMs > 0 ? { statement_timeout: timeouts.statementMs } : {}),
    ...(timeouts.queryMs > 0 ? { query_timeout: timeouts.queryMs } : {}),
  };
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
export const connectTimeoutMs = databaseTimeoutsDefault.connectMs;

export function openDatabase(options: DatabaseOptions = {}): Database {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    const url = options.databaseUrl;
    const timeouts: DatabaseTimeouts = { ...databaseTimeoutsNone, ...options.timeouts };
    const settings = clientSettings(timeouts);
    const multiHost = isMultiHostUrl(url);
    const instance = knex({
      client: 'pg',
      // Unused (connections are opened below) but for what knex reads of it; node-postgres and
      // knex refuse a multi-host URL.
      connection: multiHost ? {} : { connectionString: url },
      pool: { min: 0, max: options.poolSize ?? poolSizeDefault },
      acquireConnectionTimeout: connectionAcquireTimeoutMs,
    });
    // Every pooled connection is opened here (`openPoolConnection`): one that times out on a query
    // is closed, and a multi-host URL selects its host on each new connection.
    if (multiHost) {
      const list = parseHostList(url);
      // The URL's connect_timeout, when it gives one, is the host selector's per host.
      connectThrough(
        instance,
        new HostSelector(list, (hostUrl, hostConnectMs) =>
          openPoolConnection({
            connectionString: hostUrl,
            ...settings,
            connectionTimeoutMillis: hostConnectMs === connectTimeoutMsDefault ? timeouts.connectMs : hostConnectMs,
          }),
        ),
      );
    } else {
      connectThrough(instance, {
        connect: async () => {
          const connection = openPoolConnection({ connectionString: url, ...settings });
          await connection.connect();
          return connection;
        },
      });
    }
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
function openPoolConnection(settings: pg.ClientConfig): pg.Client {
  const connection = new pg.Client(settings);
  const marked = connection as pg.Client & { __knex__disposed?: unknown };
  connection.on('error', (error) => {
    marked.__knex__disposed = error;
  });
  connection.on('end', () => {
    marked.__knex__disposed ??= 'Connection ended unexpectedly';
  });
  if (settings.query_timeout !== undefined) closeOnQueryTimeout(marked);
  return connection;
}

/**
 * After node-postgres's `query_timeout` the query's caller is told, but the connection still waits
 * for the answer, and every later query on it would queue behind: a server that stopped answering
 * would hold the connection for ever. So a timed-out query closes its connection; it is marked
 * disposed at once, and the pool replaces it.
 */
function closeOnQueryTimeout(connection: pg.Client & { __knex__disposed?: unknown }): void {
  const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
  const close = (error: unknown): void => {
    if (!(error instanceof Error) || error.message !== 'Query read timeout') return;
    connection.__knex__disposed ??= error;
    const stream = (connection as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
    stream?.destroy();
  };
  (connection as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]): unknown => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
        close(error);
        return (last as (...values: unknown[]) => unknown)(error, ...rest);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise)
      return result.catch((error: unknown) => {
        close(error);
        throw error;
      });
    return result;
  };
}

/** The part of knex's PostgreSQL client that opens one connection for its pool (knex 3: lib/dialects/postgres). */
interface PgPoolConnector {
  _acquireOnlyConnection(): Promise<pg.Client>;
}

/**
 * Makes every new pooled connection of `instance` come from `selector` (for a multi-host connection
 * string, a `HostSelector`), opened as knex's own pg client opens one (`openPoolConnection`), so that a connection
 * that errs or ends is dropped and the next one is selected afresh (after a failover, from the
 * new primary). Everything else of knex's pg client stays as it is (the version check, the
 * search path, `client.config.client === 'pg'`, which callers read). The method replaced is
 * knex's own; if an upgrade renames it, opening the database fails here rather than connecting
 * to the first host only.
 */
function connectThrough(instance: Knex, selector: { connect(): Promise<pg.Client> }): void {
  const client = instance.client as Partial<PgPoolConnector>;
  if (typeof client._acquireOnlyConnection !== 'function')
    throw new Error("assertion: knex's pg client opens connections with _acquireOnlyConnection (knex 3)");
  client._acquireOnlyConnection = () => selector.connect();
}
