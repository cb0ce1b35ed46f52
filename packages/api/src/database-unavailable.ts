// Which errors mean "the database cannot be reached now" — a restart, an outage, a failover, a full
// pool — so that a request is answered 503 `not_ready` with Retry-After rather than 500.
//
// The list is closed on purpose: an error is an outage only when its code or message says so. A
// constraint violation, a serialization failure or a syntax error stays what it is (a refusal the
// workflow handles, or a programmer error answered 500), however the database was at the time.

/** How long a client should wait before trying again, in seconds (a restart takes a few). */
export const databaseRetryAfterSeconds = 5;

/** Errors of the operating system's sockets while connecting or talking to the server. */
const socketCodes: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that is not there for us: class 08 (connection exception), 57P01
 * admin_shutdown (also `pg_terminate_backend`), 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up or in recovery), 53300 too_many_connections.
 */
const sqlStates: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);
const connectionExceptionClass = /^08[0-9A-Z]{3}$/;

/**
 * Messages of the drivers, which carry no code: node-postgres's client and pool when the socket
 * closes or a connect times out, knex's pool when no connection comes in time (its
 * `KnexTimeoutError`) or it was destroyed, and PGlite once closed.
 */
const driverMessages: readonly RegExp[] = [
  /Connection terminated/,
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
  const { code, message, name, cause, errors } = error as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (socketCodes.has(code) || sqlStates.has(code) || connectionExceptionClass.test(code))) return true;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && driverMessages.some((pattern) => pattern.test(message))) return true;
  // Node reports a failed connect to every address of a host (IPv4 and IPv6) as one AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}
