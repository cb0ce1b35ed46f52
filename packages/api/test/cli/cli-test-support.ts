// For the command line's tests: a database of a test's own (an embedded folder, or a scratch
// PostgreSQL database when DATABASE_URL is set), the command run in process with its output kept,
// and a snapshot of everything in the database to show that a refused command changed nothing.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openDatabase, type Database } from '@linli/ledger';
import { createDeps, type Deps } from '../../src/deps.js';
import { snapshotBooks, type BooksSnapshot } from '../test-support/books-snapshot.js';
import { postgresUrl } from '../test-support/test-database.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/linli.js';

export type CliDatabaseKind = 'pglite' | 'postgres';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliDatabase {
  kind: CliDatabaseKind;
  /** The environment that points the command line at this database. */
  env: Record<string, string>;
  /** Opens the database for the test's own reads and writes; PGlite's folder is opened by one at a time, so close it after. */
  open(): Promise<Database>;
  remove(): Promise<void>;
}

/**
 * A database of the test's own, empty; or, for the embedded database, a copy of `template` (a
 * folder `linli migrate` already ran on: PGlite takes seconds to migrate, a copy milliseconds).
 */
export async function createCliDatabase(kind: CliDatabaseKind, template?: string): Promise<CliDatabase> {
  if (kind === 'pglite') {
    const folder = await mkdtemp(join(tmpdir(), 'linli-cli-'));
    const dataDir = join(folder, 'data');
    if (template !== undefined) await cp(template, dataDir, { recursive: true });
    return {
      kind,
      env: { LINLI_DATA_DIR: dataDir },
      open: async () => openDatabase({ dataDir }),
      remove: () => rm(folder, { recursive: true, force: true }),
    };
  }
  if (postgresUrl === undefined) throw new Error('DATABASE_URL is not set');
  const name = `linli_t_cli_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase({ databaseUrl: postgresUrl, poolSize: 1 });
  await admin.knex.raw(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    env: { DATABASE_URL: url.toString() },
    open: async () => openDatabase({ databaseUrl: url.toString(), poolSize: 2 }),
    remove: async () => {
      await admin.knex.raw(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

/** Runs `linli <argv>` in process with `env` (nothing of the test process's own environment) and `stdin`. */
export async function linli(argv: readonly string[], env: Record<string, string>, stdin: string | CliIo['stdin'] = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    stdin: typeof stdin === 'string' ? Readable.from(stdin === '' ? [] : [stdin]) : stdin,
    env,
    cwd: tmpdir(),
    now: () => new Date(),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

export const testDataKey = randomBytes(32);

/** The service's dependencies on an open database (the ledger, the sealer with `dataKey`). */
export function depsOn(database: Database, dataKey: Buffer = testDataKey, previous: readonly Buffer[] = []): Deps {
  return createDeps({ database, jwtSecret: randomBytes(32), dataKey, dataKeysPrevious: previous, demo: false });
}

/** Everything in the database, read with the database opened and closed around it. */
export async function snapshotOf(target: CliDatabase): Promise<BooksSnapshot> {
  return withOpen(target, (database) => snapshotBooks(depsOn(database)));
}

export async function withOpen<T>(target: CliDatabase, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await target.open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
