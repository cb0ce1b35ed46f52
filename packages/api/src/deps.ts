// Everything a route needs, passed in one object: the database, secrets' users, limits, the clock.
import { Ledger, PostgresStore, type Database } from '@linli/ledger';
import type { Knex } from 'knex';
import { pino, type Logger } from 'pino';
import { AccessTokens } from './auth/access-tokens.js';
import type { HitCounter } from './auth/cluster-login-limits.js';
import { SlidingWindowLimiter, type LimiterOptions } from './auth/sliding-window-limiter.js';
import { Pseudonyms } from './crypto/pseudonyms.js';
import { Sealer } from './crypto/sealed.js';

export interface LoginLimits {
  /** Attempts from one client address, whatever the username. */
  perAddress: LimiterOptions;
  /** Attempts on one community's username, from anywhere (slows guessing across many addresses). */
  perUsername: LimiterOptions;
}

export const loginLimitsDefault: LoginLimits = {
  perAddress: { limit: 30, windowMs: 15 * 60 * 1000, keysMax: 50_000 },
  perUsername: { limit: 10, windowMs: 15 * 60 * 1000, keysMax: 50_000 },
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
  loginLimiters: { perAddress: HitCounter; perUsername: HitCounter };
  now: () => Date;
  /** False while the process is shutting down, so that `/readyz` sends traffic elsewhere. */
  accepting: () => boolean;
  /** Express `trust proxy`, which decides the client address used by the login limiter. */
  trustProxy: boolean | number | string;
}

export interface DepsOptions {
  database: Database;
  jwtSecret: Buffer;
  dataKey: Buffer;
  dataKeysPrevious?: readonly Buffer[] | undefined;
  demo: boolean;
  logger?: Logger | undefined;
  loginLimits?: LoginLimits | undefined;
  /** Counters kept elsewhere (a cluster's primary); `loginLimits` is then unused. */
  loginLimiters?: Deps['loginLimiters'] | undefined;
  now?: (() => Date) | undefined;
  accepting?: (() => boolean) | undefined;
  trustProxy?: boolean | number | string | undefined;
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
    loginLimiters: options.loginLimiters ?? { perAddress: new SlidingWindowLimiter(limits.perAddress), perUsername: new SlidingWindowLimiter(limits.perUsername) },
    now,
    accepting: options.accepting ?? (() => true),
    trustProxy: options.trustProxy ?? false,
  };
}
