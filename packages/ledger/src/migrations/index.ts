// The ledger's own schema: its tables, triggers and SQL functions, as knex migrations in the order they run.
//
// The ledger opens a database with these alone. The service (packages/api) runs them first and its
// own after them, in the one history table `knex_migrations`, under the names below: databases
// migrated before the ledger kept its migrations here recorded the same names, so they are up to
// date as they are. A new ledger migration takes the next number below 0100 (the app's start there).
import type { Knex } from 'knex';
import { ListMigrationSource, migrationTableName, pendingMigrationNames, type NamedMigration } from '../migration-list.js';
import * as migrationLedger from './0001-ledger.js';
import * as migrationLedgerStatementChecks from './0002-ledger-statement-checks.js';
import * as migrationLedgerPostingsWithTheirTransaction from './0003-ledger-postings-with-their-transaction.js';
import * as migrationLedgerFloors from './0004-ledger-floors.js';

/** Every ledger migration, in order. A name is recorded in databases: never rename one. */
export const ledgerMigrations: readonly NamedMigration[] = [
  { name: '0001-ledger', up: migrationLedger.up, down: migrationLedger.down },
  { name: '0002-ledger-statement-checks', up: migrationLedgerStatementChecks.up, down: migrationLedgerStatementChecks.down },
  {
    name: '0003-ledger-postings-with-their-transaction',
    up: migrationLedgerPostingsWithTheirTransaction.up,
    down: migrationLedgerPostingsWithTheirTransaction.down,
  },
  { name: '0004-ledger-floors', up: migrationLedgerFloors.up, down: migrationLedgerFloors.down },
];

export const ledgerMigrationSource = new ListMigrationSource(ledgerMigrations);

/**
 * Brings the ledger's tables to their latest schema; returns the names of the migrations it ran.
 * The database may also have run the app's migrations (the same history table): the ledger does
 * not know them and leaves them alone, so knex's check that every recorded migration is known is off.
 */
export async function migrateLedger(knex: Knex): Promise<string[]> {
  const [, ran] = (await knex.migrate.latest({
    migrationSource: ledgerMigrationSource,
    tableName: migrationTableName,
    disableMigrationsListValidation: true,
  })) as [number, string[]];
  return ran;
}

/** The ledger migrations the database has not run, in order. Reads only. */
export function pendingLedgerMigrations(knex: Knex): Promise<string[]> {
  return pendingMigrationNames(knex, ledgerMigrationSource);
}
