// Opening the database a command works on, with errors an operator can act on: which setting is
// wrong, which host did not answer, that the schema needs `linli migrate` first.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isMultiHostUrl, openDatabase, type Database } from '@linli/ledger';
import { pendingMigrations } from '../migrations/index.js';
import { nonEmpty, readDatabaseUrl } from '../config.js';
import { UnusableError, type CliIo } from './cli-io.js';

/** How long a first connection may take before the command gives up (a host that drops packets). */
export const connectTimeoutMs = 10_000;

export interface DatabaseTarget {
  /** A PostgreSQL URL, or undefined for the embedded database in `dataDir`. */
  url: string | undefined;
  /** Where the URL came from (`DATABASE_URL`, `--database-url`), for messages. */
  source: string;
  dataDir: string;
}

/**
 * The first of the named settings that is set, else the embedded database of LINLI_DATA_DIR. With
 * neither, the command refuses (exit 4) rather than open, or create, an embedded database in the
 * working folder: an operator who forgot DATABASE_URL must not migrate or initialise a database
 * the service never reads.
 */
export function databaseTarget(io: CliIo, sources: readonly { name: string; value: string | undefined }[]): DatabaseTarget {
  const dataDirSetting = nonEmpty(io.env['LINLI_DATA_DIR']);
  const dataDir = resolve(io.cwd, dataDirSetting ?? '.linli-data');
  for (const source of sources) {
    if (nonEmpty(source.value) === undefined) continue;
    const problems: string[] = [];
    const url = readDatabaseUrl(source.value, problems);
    if (url === undefined) throw new UnusableError(`${source.name}: ${problems.join('; ').replace(/^DATABASE_URL /, '')}`);
    return { url, source: source.name, dataDir };
  }
  if (dataDirSetting === undefined) {
    throw new UnusableError(
      `no database: set DATABASE_URL (or --database-url) for PostgreSQL, or LINLI_DATA_DIR for the embedded database (${sources.map((source) => source.name).join(', ')} and LINLI_DATA_DIR are all unset)`,
    );
  }
  return { url: undefined, source: 'LINLI_DATA_DIR', dataDir };
}

/** Where a target points, for messages: never the password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.url === undefined) return `the embedded database in ${target.dataDir}`;
  if (isMultiHostUrl(target.url)) return `the PostgreSQL hosts of ${target.source}`;
  const url = new URL(target.url);
  return `PostgreSQL ${url.username === '' ? '' : `as ${decodeURIComponent(url.username)} `}at ${url.hostname}:${url.port === '' ? '5432' : url.port}${url.pathname} (${target.source})`;
}

export interface OpenOptions {
  /** Create the embedded database's folder (migrate); other commands refuse a missing one. */
  create?: boolean;
  /** Refuse a database with migrations pending (every command but migrate). */
  requireMigrated?: boolean;
}

/**
 * Opens and probes the database: a connection is made and answers within `connectTimeoutMs`, or
 * `UnusableError` says which database did not answer and why.
 */
export async function openCliDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  if (target.url === undefined) {
    if (options.create === true) await mkdir(target.dataDir, { recursive: true });
    else if (!existsSync(target.dataDir))
      throw new UnusableError(
        `there is no database at ${target.dataDir} (LINLI_DATA_DIR): set DATABASE_URL for PostgreSQL, or run \`linli migrate\` first`,
      );
  }
  const database = openDatabase(target.url === undefined ? { dataDir: target.dataDir } : { databaseUrl: target.url, poolSize: 2 });
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${connectTimeoutMs / 1000} s`)), connectTimeoutMs);
    });
    await Promise.race([database.knex.raw('select 1'), timeout]).finally(() => clearTimeout(timer));
  } catch (error) {
    await database.close().catch(() => undefined);
    throw new UnusableError(`cannot connect to ${describeTarget(target)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (options.requireMigrated === true) {
    const pending = await pendingMigrations(database.knex).catch(async (error: unknown) => {
      await database.close();
      throw error;
    });
    if (pending.length > 0) {
      await database.close();
      throw new UnusableError(
        `${describeTarget(target)} is not migrated (${pending.length} migration${pending.length === 1 ? '' : 's'} pending): run \`linli migrate\` as the owner role first`,
      );
    }
  }
  return database;
}
