// The service's migrations: the ledger's then the app's in one history, under the names databases already recorded, from an explicit list.
import { readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ledgerMigrations, migrateLedger, openDatabase, type Database } from '@linli/ledger';
import { createScratchDatabase, serverUrl } from '@linli/ledger/testing';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, migrations, migrationSource, pendingMigrations } from '../../src/migrations/index.js';

/**
 * The files of `migrations/src` before the ledger and the app kept their own migrations, in the
 * order that layout ran them; it recorded each under its file name without the extension.
 */
const filesOfTheOneFolder = [
  '0001-ledger.ts',
  '0002-ledger-statement-checks.ts',
  '0003-ledger-postings-with-their-transaction.ts',
  '0004-ledger-floors.ts',
  '0100-auth.ts',
  '0101-audit-log.ts',
  '0102-idempotency.ts',
  '0103-members-households.ts',
  '0200-store-staff.ts',
  '0201-clearing-transfers.ts',
  '0250-stores-catalogue.ts',
  '0251-donations.ts',
  '0252-redemption.ts',
  '0253-stock-counts.ts',
  '0254-funds.ts',
  '0300-service-needs.ts',
  '0310-member-accounts-pseudonymous.ts',
  '0310-urgent-notifications.ts',
  '0311-keys-in-byte-order.ts',
  '0312-store-staff-stores.ts',
  '0313-assignments-volunteer-once.ts',
  '0320-sessions.ts',
  '0321-clearing-transfers-finished.ts',
  '0400-users-must-change-password.ts',
  '0401-tamper-checks.ts',
];
const namesOfTheOneFolder = filesOfTheOneFolder.map((file) => file.replace(/\.ts$/, ''));

/** The app's migrations written since, each numbered after the last of the one folder. */
const addedSince = migrations.slice(namesOfTheOneFolder.length).map((migration) => migration.name);
const allNames = [...namesOfTheOneFolder, ...addedSince];

/** The one-folder layout's migration source, as it read the folder: file names in, names without the extension recorded. */
function oneFolderSource(files: readonly string[]): Knex.MigrationSource<string> {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  return {
    getMigrations: async () => [...files],
    getMigrationName: (file) => file.replace(/\.(ts|js)$/, ''),
    getMigration: async (file) => {
      const migration = byName.get(file.replace(/\.(ts|js)$/, ''));
      if (migration === undefined) throw new Error(`no migration ${file}`);
      return { up: migration.up, down: migration.down };
    },
  };
}

async function recorded(knex: Knex): Promise<string[]> {
  return ((await knex('knex_migrations').orderBy('id').select('name')) as { name: string }[]).map((row) => row.name);
}

async function tables(knex: Knex): Promise<string[]> {
  const result = (await knex.raw(`select table_name from information_schema.tables where table_schema = 'public' order by 1`)) as {
    rows: { table_name: string }[];
  };
  return result.rows.map((row) => row.table_name);
}

/** Runs `body` on a fresh embedded database, and on a fresh PostgreSQL server database when DATABASE_URL is set. */
async function onEveryDatabase(body: (database: Database) => Promise<void>): Promise<void> {
  const embedded = openDatabase({});
  try {
    await body(embedded);
  } finally {
    await embedded.close();
  }
  const url = serverUrl();
  if (url === undefined) return;
  const scratch = await createScratchDatabase(url);
  const server = openDatabase({ databaseUrl: scratch.url, poolSize: 2 });
  try {
    await body(server);
  } finally {
    await server.close();
    await scratch.drop();
  }
}

describe('the service’s migrations', () => {
  it('are the ledger’s, then the app’s, under the names the one-folder layout recorded, in its order', () => {
    expect(migrations.slice(0, namesOfTheOneFolder.length).map((migration) => migration.name)).toEqual(namesOfTheOneFolder);
    for (const name of addedSince) expect(name > namesOfTheOneFolder[namesOfTheOneFolder.length - 1]!).toBe(true);
    expect(migrations.slice(0, ledgerMigrations.length)).toEqual(ledgerMigrations);
  });

  it('find a database migrated by the one-folder layout up to date but for the migrations written since', async () => {
    await onEveryDatabase(async ({ knex }) => {
      await knex.migrate.latest({ migrationSource: oneFolderSource(filesOfTheOneFolder), tableName: 'knex_migrations' });
      const before = await recorded(knex);
      expect(before).toEqual(namesOfTheOneFolder);
      expect(await pendingMigrations(knex)).toEqual(addedSince);
      expect(await migrateToLatest(knex)).toEqual(addedSince);
      // The ledger alone, opening the same database, does not mind the app's history.
      expect(await migrateLedger(knex)).toEqual([]);
      expect(await recorded(knex)).toEqual([...before, ...addedSince]);
    });
  });

  it('bring a database the one-folder layout left part way to the latest, running only what it had not run', async () => {
    await onEveryDatabase(async ({ knex }) => {
      const older = filesOfTheOneFolder.slice(0, filesOfTheOneFolder.indexOf('0321-clearing-transfers-finished.ts') + 1);
      await knex.migrate.latest({ migrationSource: oneFolderSource(older), tableName: 'knex_migrations' });
      expect(await pendingMigrations(knex)).toEqual(['0400-users-must-change-password', '0401-tamper-checks', ...addedSince]);
      expect(await migrateToLatest(knex)).toEqual(['0400-users-must-change-password', '0401-tamper-checks', ...addedSince]);
      expect(await recorded(knex)).toEqual(allNames);
    });
  });

  it('run the app’s after a database that has only the ledger’s', async () => {
    await onEveryDatabase(async ({ knex }) => {
      expect(await migrateLedger(knex)).toEqual(ledgerMigrations.map((migration) => migration.name));
      expect(await migrateToLatest(knex)).toEqual(allNames.slice(ledgerMigrations.length));
      expect(await recorded(knex)).toEqual(allNames);
    });
  });
});

describe('the migration list', () => {
  const sources = new URL('../../src/migrations/', import.meta.url);
  const folder = fileURLToPath(sources);

  it('lists every migration file of its folder, and nothing else', async () => {
    const files = (await readdir(folder)).filter(
      (file) => /^\d{4}-.*\.(ts|js)$/.test(file) && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'),
    );
    const listed = migrations.slice(ledgerMigrations.length).map((migration) => migration.name);
    expect(files.map((file) => file.replace(/\.(ts|js)$/, '')).sort()).toEqual(listed);
  });

  it('never runs a compiled migration left beside it whose source is gone (a stale build)', async () => {
    // A migration deleted from the sources whose compiled file stayed behind: the one-folder
    // layout found it by reading the folder and ran it.
    const stale = new URL('0399-resurrected.js', sources);
    await writeFile(
      stale,
      "export async function up(knex) { await knex.raw('create table resurrected (id int)'); }\nexport async function down() {}\n",
    );
    try {
      expect((await migrationSource.getMigrations()).map((migration) => migration.name)).not.toContain('0399-resurrected');
      await onEveryDatabase(async ({ knex }) => {
        const ran = await migrateToLatest(knex);
        expect(ran).toEqual(allNames);
        expect(await tables(knex)).not.toContain('resurrected');
      });
    } finally {
      await rm(stale, { force: true });
    }
  });
});
