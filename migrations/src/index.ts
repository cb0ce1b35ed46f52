// The one schema for PostgreSQL and PGlite: runs the numbered migrations in this folder with knex.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';

/** A migration file's name: four digits, a dash, what it does (`0001-ledger.ts`). */
const migrationFilePattern = /^(\d{4}-[a-z0-9-]+)\.(ts|js)$/;

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Lists the migrations beside this file. It reads the folder rather than a hand-kept list so that
 * each package's migrations can be added without editing a shared file; from the sources (tests)
 * it finds `.ts` files, from the build (`npm start`) the compiled `.js` files.
 */
class FolderMigrationSource implements Knex.MigrationSource<string> {
  private readonly folder = fileURLToPath(new URL('.', import.meta.url));

  async getMigrations(): Promise<string[]> {
    const names = await readdir(this.folder);
    return names.filter((name) => migrationFilePattern.test(name) && !name.endsWith('.d.ts')).sort();
  }

  getMigrationName(file: string): string {
    const match = migrationFilePattern.exec(file);
    if (match === null || match[1] === undefined) throw new Error(`not a migration file: ${file}`);
    return match[1];
  }

  async getMigration(file: string): Promise<Knex.Migration> {
    const module = (await import(new URL(file, import.meta.url).href)) as MigrationModule;
    return { up: module.up, down: module.down };
  }
}

export const migrationSource: Knex.MigrationSource<string> = new FolderMigrationSource();

/** Brings the database to the latest schema; returns the names of the migrations it ran. */
export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, ran] = (await knex.migrate.latest({ migrationSource, tableName: 'knex_migrations' })) as [number, string[]];
  return ran;
}

/**
 * The migrations this build knows that the database has not run, in order; every one of them on
 * a database that was never migrated. Reads only (no lock table is created), so the service's
 * runtime role, which may not create tables, can ask before it starts.
 */
export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const known = (await migrationSource.getMigrations([])).map((file) => migrationSource.getMigrationName(file));
  if (!(await knex.schema.hasTable('knex_migrations'))) return known;
  const rows = (await knex('knex_migrations').select('name')) as { name: string }[];
  const ran = new Set(rows.map((row) => row.name));
  return known.filter((name) => !ran.has(name));
}
