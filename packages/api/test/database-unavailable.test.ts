// The errors that mean an outage, as the drivers raise them, and the ones that must stay what they are.
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/database-unavailable.js';

const withCode = (code: string, message = 'error') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connect', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset socket', withCode('ECONNRESET', 'read ECONNRESET')],
    ['an unknown host', withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND db')],
    [
      'a refused connect to every address of a host',
      Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), { code: undefined }),
    ],
    ['SQLSTATE 08006 connection_failure', withCode('08006')],
    ['SQLSTATE 08P01 protocol_violation', withCode('08P01')],
    ['SQLSTATE 57P01 admin_shutdown (pg_terminate_backend)', withCode('57P01', 'terminating connection due to administrator command')],
    ['SQLSTATE 57P02 crash_shutdown', withCode('57P02')],
    ['SQLSTATE 57P03 cannot_connect_now', withCode('57P03', 'the database system is starting up')],
    ['SQLSTATE 53300 too_many_connections', withCode('53300')],
    [
      'SQLSTATE 25006 read_only_sql_transaction (a standby after a failover)',
      withCode('25006', 'cannot execute INSERT in a read-only transaction'),
    ],
    ['SQLSTATE 53100 disk_full', withCode('53100', 'could not extend file: No space left on device')],
    ['SQLSTATE 53200 out_of_memory', withCode('53200')],
    ['SQLSTATE 53000 insufficient_resources', withCode('53000')],
    ['SQLSTATE 57014 query_canceled (statement_timeout)', withCode('57014', 'canceling statement due to statement timeout')],
    ['SQLSTATE 55P03 lock_not_available (lock_timeout)', withCode('55P03', 'canceling statement due to lock timeout')],
    ['SQLSTATE 58030 io_error', withCode('58030')],
    ['SQLSTATE 08001 from the host selector (no read-write host)', withCode('08001', 'no host accepts a read-write session')],
    ['node-postgres: a query past query_timeout (a server that stopped answering)', new Error('Query read timeout')],
    ['node-postgres: a query past query_timeout, after knex put the statement first', new Error('select 1 - Query read timeout')],
    ['node-postgres: the socket closed', new Error('Connection terminated unexpectedly')],
    ['node-postgres: the socket closed, after knex put the statement first', new Error('select 1 - Connection terminated unexpectedly')],
    ['node-postgres: a client after a connection error', new Error('Client has encountered a connection error and is not queryable')],
    ['node-postgres: a connect past its timeout', new Error('timeout expired')],
    [
      'knex: no pooled connection in time',
      Object.assign(
        new Error('Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?'),
        { name: 'KnexTimeoutError' },
      ),
    ],
    ['PGlite, closed', new Error('select 1 - PGlite is closed')],
    ['an outage as the cause of another error', new Error('the write failed', { cause: withCode('ECONNRESET') })],
  ])('counts %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a serialization failure', withCode('40001', 'could not serialize access')],
    ['a deadlock', withCode('40P01')],
    ['a syntax error', withCode('42601')],
    ['a check violation', withCode('23514')],
    ['a programmer error', new Error('assertion: a gift has a giver and a receiver posting')],
    ['a memo that merely mentions a terminated connection', new Error('memo: the phone line was cut')],
    ['not an error at all', 'Connection terminated'],
    ['nothing', undefined],
  ])('does not count %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
