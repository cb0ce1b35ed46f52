// Migrations as an explicit list of imported modules: knex's migration source for such a list, and the checks every list passes.
//
// The list is written out (imported modules), never read from a folder. A folder scan ran
// whatever compiled file it found, so a migration deleted or renamed in the sources came back from
// a stale `dist` and ran again under its old name; a module that no list imports cannot run.
import type { Knex } from 'knex';

/** One migration: the name knex records in `knex_migrations` (never changed once released), and its steps. */
export interface NamedMigration {
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** A migration's name: four digits, a dash, what it does in lowercase words (`0001-ledger`). */
const migrationNamePattern = /^(\d{4})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface MigrationListRules {
  /**
   * Numbers that two released migrations share. A number names one migration; the exceptions ran
   * under their names in existing databases before the rule was checked, so they keep them
   * (renaming would make knex run them again). Nothing new may be added here.
   */
  readonly numbersUsedTwice?: readonly string[];
}

/**
 * Throws (an assertion: the list is code) unless every name is well formed and unique, the names
 * are in increasing byte order (the order they run in, and the order knex ran them in when it read
 * them from a folder), and no number is used twice except those the rules allow.
 */
export function checkMigrationList(migrations: readonly NamedMigration[], rules: MigrationListRules = {}): void {
  const allowedTwice = new Set(rules.numbersUsedTwice ?? []);
  const numberCounts = new Map<string, number>();
  let previous: string | undefined;
  for (const migration of migrations) {
    const match = migrationNamePattern.exec(migration.name);
    if (match === null)
      throw new Error(`assertion: migration name ${JSON.stringify(migration.name)} is not four digits, a dash and lowercase words`);
    if (previous !== undefined && !(previous < migration.name))
      throw new Error(`assertion: migration ${migration.name} comes after ${previous}: names must be unique and in increasing order`);
    const number = match[1] as string;
    const count = (numberCounts.get(number) ?? 0) + 1;
    numberCounts.set(number, count);
    if (count > (allowedTwice.has(number) ? 2 : 1))
      throw new Error(`assertion: migration number ${number} is already used (${migration.name}); take the next free number`);
    if (typeof migration.up !== 'function' || typeof migration.down !== 'function')
      throw new Error(`assertion: migration ${migration.name} needs up and down`);
    previous = migration.name;
  }
}

/** Knex's migration source for an explicit list, checked when it is made. */
export class ListMigrationSource implements Knex.MigrationSource<NamedMigration> {
  readonly migrations: readonly NamedMigration[];

  constructor(migrations: readonly NamedMigration[], rules: MigrationListRules = {}) {
    checkMigrationList(migrations, rules);
    this.migrations = [...migrations];
  }

  async getMigrations(): Promise<NamedMigration[]> {
    return [...this.migrations];
  }

  getMigrationName(migration: NamedMigration): string {
    return migration.name;
  }

  async getMigration(migration: NamedMigration): Promise<Knex.Migration> {
    return { up: migration.up, down: migration.down };
  }

  /** The names, in the order they run. */
  names(): string[] {
    return this.migrations.map((migration) => migration.name);
  }
}

/** The knex table that records the migrations a database has run: one history for the ledger's and the app's. */
export const migrationTableName = 'knex_migrations';

/**
 * The names of `source` that the database has not run, in order; every one of them on a database
 * that was never migrated. Reads only (no lock table is created), so a role that may not create
 * tables can ask.
 */
export async function pendingMigrationNames(knex: Knex, source: ListMigrationSource): Promise<string[]> {
  const known = source.names();
  if (!(await knex.schema.hasTable(migrationTableName))) return known;
  const rows = (await knex(migrationTableName).select('name')) as { name: string }[];
  const ran = new Set(rows.map((row) => row.name));
  return known.filter((name) => !ran.has(name));
}
