// Test databases: PGlite in memory always; PostgreSQL too when DATABASE_URL is set, as a fresh
// database per test file (created here, dropped afterwards), so files never share state.
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '@linli/ledger';
import { migrateToLatest } from '../../src/migrations/index.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

export interface TestDatabase {
  database: Database;
  /** The scratch database's connection string (PostgreSQL only). */
  url?: string;
  /** Closes the connection and, on PostgreSQL, drops the database. */
  drop(): Promise<void>;
}

export const postgresUrl: string | undefined = process.env['DATABASE_URL'] === '' ? undefined : process.env['DATABASE_URL'];

export async function openTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = openDatabase({});
    await migrateToLatest(database.knex);
    return { database, drop: () => database.close() };
  }
  if (postgresUrl === undefined) throw new Error('DATABASE_URL is not set');
  const name = `linli_api_test_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase({ databaseUrl: postgresUrl, poolSize: 1 });
  await admin.knex.raw(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(database.knex);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await admin.knex.raw(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}
