// What the service checks of its database before it serves: the schema is current (or it
// migrates, outside production), and in production it is not connected as a superuser or owner.
import type { Database } from '@linli/ledger';
import { migrateToLatest, pendingMigrations } from '../migrations/index.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { connectedRole, privilegedRoleProblem } from './database-roles.js';

/** The service will not start, for a reason the operator can fix; the message says how. */
export class StartupRefusedError extends Error {
  override readonly name = 'StartupRefusedError';
}

type StartupSettings = Pick<Config, 'nodeEnv' | 'migrateOnStart' | 'allowPrivilegedDatabaseRole'>;

/**
 * Checks the connected role first (production on PostgreSQL only: PGlite has one role), so a
 * refused start changes nothing; then runs the migrations (`migrateOnStart`) or refuses when one
 * is pending, naming them. Returns the migrations it ran.
 */
export async function prepareDatabaseForService(database: Database, settings: StartupSettings, logger: Logger): Promise<string[]> {
  if (database.kind === 'postgres' && settings.nodeEnv === 'production') {
    const problem = privilegedRoleProblem(await connectedRole(database.knex));
    if (problem !== undefined && !settings.allowPrivilegedDatabaseRole) throw new StartupRefusedError(problem);
    if (problem !== undefined) logger.warn(`LINLI_ALLOW_PRIVILEGED_DATABASE_ROLE is set: starting although ${problem.split(';')[0]}`);
  }
  if (settings.migrateOnStart) return migrateToLatest(database.knex);
  const pending = await pendingMigrations(database.knex);
  if (pending.length > 0) {
    throw new StartupRefusedError(
      `the database schema is behind this build: ${pending.length} migration${pending.length === 1 ? '' : 's'} pending (${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''}); run \`linli migrate\` as the owner role first (or set LINLI_MIGRATE_ON_START=true outside production)`,
    );
  }
  return [];
}
