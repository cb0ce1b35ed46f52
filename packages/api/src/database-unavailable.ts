// Which errors mean "the database cannot be reached now" — a restart, an outage, a failover, a full
// pool — so that a request is answered 503 `not_ready` with Retry-After rather than 500.
//
// The list is closed on purpose: an error is an outage only when its code or message says so. A
// constraint violation, a serialization failure or a syntax error stays what it is (a refusal the
// workflow handles, or a programmer error answered 500), however the database was at the time.

/** How long a client should wait before trying again, in seconds (a restart takes a few). */
export const databaseRetryAfterSeconds = 5;

/** Errors of the operating system's sockets while connecting or talking to the server. */
const socketCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that cannot take the request now, though it may in a moment: class 08
 * (connection exception), 57P01 admin_shutdown (also `pg_terminate_backend`), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up or in recovery), class 53 (insufficient
 * resources: 53100 disk_full, 53200 out_of_memory, 53300 too_many_connections, …), 25006
 * read_only_sql_transaction (connected to a standby, as after a failover), 57014 query_canceled
 * (the statement ran past `statement_timeout`), 55P03 lock_not_available (past `lock_timeout`),
 * 58030 io_error. None of them is an answer to the request: nothing of it was kept.
 */
const sqlStates: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '25006', '57014', '55P03', '58030']);
const transientClasses = /^(08|53)[0-9A-Z]{3}$/;

/**
 * Messages of the drivers, which carry no code: node-postgres's client and pool when the socket
 * closes or a connect times out, knex's pool when no connection comes in time (its
 * `KnexTimeoutError`) or it was destroyed, and PGlite once closed.
 */
const driverMessages: readonly RegExp[] = [
  /Connection terminated/,
  // node-postgres's `query_timeout`: a server that stopped answering without closing the socket.
  /(^| - )Query read timeout$/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /timeout exceeded when trying to connect/,
  // knex puts the statement before a driver's message: `select 1 - timeout expired`.
  /(^| - )timeout expired$/,
  /Knex: Timeout acquiring a connection/,
  /Unable to acquire a connection/,
  /(^| - )PGlite is clos(ed|ing)$/,
];

/** How deep `cause` chains and an AggregateError's errors are followed. */
const nestingMax = 4;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > nestingMax) return false;
  const { code, message, name, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (socketCodes.has(code) || sqlStates.has(code) || transientClasses.test(code))) return true;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && driverMessages.some((pattern) => pattern.test(message))) return true;
  // Node reports a failed connect to every address of a host (IPv4 and IPv6) as one AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}
