// Test fixtures: every store implementation, and scratch databases on the PostgreSQL server.
import { randomBytes } from 'node:crypto';
import knexModule from 'knex';
import { migrateLedger } from './migrations/index.js';
import { openDatabase } from './database.js';
import { Ledger } from './ledger.js';
import type { LedgerStore } from './store.js';
import { MemoryStore } from './store-memory.js';
import { PostgresStore } from './store-postgres.js';

const { knex } = knexModule;

/** The PostgreSQL server for server-only suites; unset means they are skipped (and say so). */
export function serverUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}

export const serverSkipReason = 'DATABASE_URL is not set: PostgreSQL server suites are skipped (.ci/run sets it)';

/**
 * Creates a fresh database on the server named by DATABASE_URL, so that test files never see
 * each other's rows and can run in parallel. `drop` removes it.
 */
export async function createScratchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `linli_t_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: baseUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}

export interface OpenedStore {
  store: LedgerStore;
  ledger(clock?: () => Date): Ledger;
  /** Runs SQL directly (PostgreSQL stores only), e.g. to tamper with a row in a test. */
  sql?: (statement: string, bindings?: readonly unknown[]) => Promise<unknown>;
  close(): Promise<void>;
}

export interface StoreFixture {
  name: 'memory' | 'pglite' | 'postgres';
  open(): Promise<OpenedStore>;
}

function withLedger(store: LedgerStore, close: () => Promise<void>, sql?: OpenedStore['sql']): OpenedStore {
  return {
    store,
    ledger: (clock) => new Ledger({ store, ...(clock === undefined ? {} : { clock }) }),
    close,
    ...(sql === undefined ? {} : { sql }),
  };
}

export const memoryFixture: StoreFixture = {
  name: 'memory',
  async open() {
    return withLedger(new MemoryStore(), async () => {});
  },
};

export const pgliteFixture: StoreFixture = {
  name: 'pglite',
  async open() {
    const database = openDatabase();
    await migrateLedger(database.knex);
    return withLedger(
      new PostgresStore(database.knex, 'pglite'),
      () => database.close(),
      (statement, bindings = []) => database.knex.raw(statement, bindings as never[]),
    );
  },
};

export function postgresFixture(baseUrl: string, poolSize?: number): StoreFixture {
  return {
    name: 'postgres',
    async open() {
      const scratch = await createScratchDatabase(baseUrl);
      const database = openDatabase({ databaseUrl: scratch.url, poolSize });
      await migrateLedger(database.knex);
      return withLedger(
        new PostgresStore(database.knex, 'postgres'),
        async () => {
          await database.close();
          await scratch.drop();
        },
        (statement, bindings = []) => database.knex.raw(statement, bindings as never[]),
      );
    },
  };
}

/** Every store this run can test: memory and PGlite always, PostgreSQL when DATABASE_URL is set. */
export function storeFixtures(): StoreFixture[] {
  const url = serverUrl();
  return [memoryFixture, pgliteFixture, ...(url === undefined ? [] : [postgresFixture(url)])];
}
