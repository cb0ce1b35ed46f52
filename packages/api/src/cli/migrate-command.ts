// `linli migrate`: brings the schema to this build's latest, as the owner role, and grants the
// runtime role what the service needs (separately from starting the service).
import { migrateToLatest } from '../migrations/index.js';
import { checkRuntimeRole, DatabaseRoleError, grantRuntimeRole } from '../operations/database-roles.js';
import { OperationRefusal } from '../operations/operation-refusal.js';
import { UnusableError, UsageError, exitCodes } from './cli-io.js';
import { databaseTarget, describeTarget, openCliDatabase } from './cli-database.js';
import { optionalOption, type Command } from './command.js';

/** PostgreSQL's insufficient_privilege: the role may not create or alter what a migration touches. */
const insufficientPrivilege = '42501';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring the database schema up to date (as the owner role) and grant the runtime role',
  help: `Options:
  --database-url URL     the database, as the owner role (default: LINLI_OWNER_DATABASE_URL,
                         then DATABASE_URL, then the embedded database in LINLI_DATA_DIR if set)
  --runtime-role NAME    after migrating, grant this role (default: LINLI_RUNTIME_ROLE) the data
                         rights the service needs on every table and sequence, and nothing else

Runs the migrations this build has that the database has not, in order, each in its own
transaction; a second run finds nothing to do. Run it before starting a new version.`,
  options: { 'database-url': { type: 'string' }, 'runtime-role': { type: 'string' } },
  run: async (values, io) => {
    const target = databaseTarget(io, [
      { name: '--database-url', value: optionalOption(values, 'database-url') },
      { name: 'LINLI_OWNER_DATABASE_URL', value: io.env['LINLI_OWNER_DATABASE_URL'] },
      { name: 'DATABASE_URL', value: io.env['DATABASE_URL'] },
    ]);
    const runtimeRole = optionalOption(values, 'runtime-role') ?? optionalOption({ role: io.env['LINLI_RUNTIME_ROLE'] }, 'role');
    if (runtimeRole !== undefined && target.url === undefined)
      throw new UsageError(
        '--runtime-role needs PostgreSQL (--database-url or LINLI_OWNER_DATABASE_URL): the embedded database has no roles',
      );
    const database = await openCliDatabase(target, { create: true });
    try {
      if (runtimeRole !== undefined) {
        // Before migrating: a misspelt role name changes nothing.
        await checkRuntimeRole(database.knex, runtimeRole).catch((error: unknown) => {
          throw error instanceof DatabaseRoleError
            ? new OperationRefusal('invalid_input', `${error.message}; nothing was migrated`)
            : error;
        });
      }
      let ran: string[];
      try {
        ran = await migrateToLatest(database.knex);
      } catch (error) {
        if ((error as { code?: unknown }).code === insufficientPrivilege) {
          throw new UnusableError(
            `${describeTarget(target)} may not change the schema (${(error as Error).message}): run \`linli migrate\` as the owner role (LINLI_OWNER_DATABASE_URL); the migration that failed was undone`,
          );
        }
        throw error;
      }
      io.stdout.write(
        ran.length === 0
          ? 'the schema is up to date: no migration to run\n'
          : `ran ${ran.length} migration${ran.length === 1 ? '' : 's'}:\n${ran.map((name) => `  ${name}\n`).join('')}`,
      );
      if (runtimeRole !== undefined) {
        try {
          const grants = await grantRuntimeRole(database.knex, runtimeRole);
          io.stdout.write(
            `granted ${grants.role} its rights on ${grants.tables.length} tables of schema ${grants.schema} (append-only: ${grants.tables
              .filter((table) => table.privileges === 'select, insert')
              .map((table) => table.table)
              .join(', ')})\n`,
          );
        } catch (error) {
          if (error instanceof DatabaseRoleError)
            throw new OperationRefusal('invalid_input', `${error.message}; the migrations above stay done`);
          throw error;
        }
      }
      return exitCodes.done;
    } finally {
      await database.close();
    }
  },
};
