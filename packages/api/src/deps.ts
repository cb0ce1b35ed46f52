// Everything a route needs, passed in one object: the database, secrets' users, limits, the clock.
import { Ledger, PostgresStore, type Database } from '@linli/ledger';
import type { Knex } from 'knex';
import { pino, type Logger } from 'pino';
import { AccessTokens } from './auth/access-tokens.js';
import { LoginLimiter, type LoginLimiterPort, type LoginLimits } from './auth/login-limiter.js';
import { Pseudonyms } from './crypto/pseudonyms.js';
import { Sealer } from './crypto/sealed.js';

export type { LoginLimits } from './auth/login-limiter.js';

/** Failures only count (auth/login-limiter.ts has the rule); windows of 15 minutes. */
export const loginLimitsDefault: LoginLimits = {
  perUsernameAndAddress: { limit: 5, windowMs: 15 * 60 * 1000, keysMax: 100_000 },
  perUsername: { limit: 10, windowMs: 15 * 60 * 1000, keysMax: 50_000 },
  perAddress: { limit: 30, windowMs: 15 * 60 * 1000, keysMax: 50_000 },
  knownAddresses: { rememberMs: 30 * 24 * 60 * 60 * 1000, keysMax: 100_000 },
};

export interface Deps {
  knex: Knex;
  /** The ledger over the same database; every posting goes through it, never through SQL. */
  ledger: Ledger;
  database: Pick<Database, 'kind'>;
  logger: Logger;
  accessTokens: AccessTokens;
  sealer: Sealer;
  /** How people appear to auditors and to other communities; keyed from the data key. */
  pseudonyms: Pseudonyms;
  /** Demo mode: demo accounts may log in. */
  demo: boolean;
  loginLimiter: LoginLimiterPort;
  now: () => Date;
  /** False while the process is shutting down, so that `/readyz` sends traffic elsewhere. */
  accepting: () => boolean;
  /** Express `trust proxy`, which decides the client address used by the login limiter. */
  trustProxy: boolean | number | readonly string[];
}

export interface DepsOptions {
  database: Database;
  jwtSecret: Buffer;
  dataKey: Buffer;
  dataKeysPrevious?: readonly Buffer[] | undefined;
  demo: boolean;
  logger?: Logger | undefined;
  loginLimits?: LoginLimits | undefined;
  /** A limiter kept elsewhere (a cluster's primary); `loginLimits` is then unused. */
  loginLimiter?: LoginLimiterPort | undefined;
  now?: (() => Date) | undefined;
  accepting?: (() => boolean) | undefined;
  trustProxy?: boolean | number | readonly string[] | undefined;
}

export function createDeps(options: DepsOptions): Deps {
  const limits = options.loginLimits ?? loginLimitsDefault;
  const now = options.now ?? (() => new Date());
  return {
    knex: options.database.knex,
    ledger: new Ledger({ store: new PostgresStore(options.database.knex, options.database.kind), clock: now }),
    database: options.database,
    logger: options.logger ?? pino({ level: 'silent' }),
    accessTokens: new AccessTokens(options.jwtSecret),
    sealer: new Sealer(options.dataKey, options.dataKeysPrevious ?? []),
    pseudonyms: new Pseudonyms(options.dataKey, options.dataKeysPrevious ?? []),
    demo: options.demo,
    loginLimiter: options.loginLimiter ?? new LoginLimiter(limits),
    now,
    accepting: options.accepting ?? (() => true),
    trustProxy: options.trustProxy ?? false,
  };
}

/**
 * The same dependencies inside one database transaction: `knex` is the transaction and `ledger`
 * writes and reads through it, so a workflow's rows and its postings commit together.
 */
export function bindDeps(deps: Deps, transaction: Knex.Transaction): Deps {
  return { ...deps, knex: transaction, ledger: deps.ledger.bound(transaction) };
}
