// Starts the service: configuration, database, migrations, demo seed, listen, graceful shutdown.
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { openDatabase, type Database } from '@linli/ledger';
import { migrateToLatest } from '@linli/migrations';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { answerClientErrors } from './client-errors.js';
import { ConfigError, readConfig, type Config } from './config.js';
import { createDeps } from './deps.js';
import { demoLogins, seedDemo, type DemoLogin } from './demo/seed.js';
import { loadOrCreateDevDataKey } from './dev-data-key.js';
import { createLogger } from './logger.js';
import { startHoldExpiry } from './workflows/hold-expiry.js';

/** How often pending holds past their expiry are swept, freeing their amounts. */
export const holdExpiryIntervalMs = 60_000;

/** How long in-flight requests may take to finish after SIGTERM before connections are cut. */
export const shutdownGraceMs = 10_000;

export interface RunningServer {
  url: string;
  /** The demo accounts that can log in now (none outside demo mode). */
  demoLogins: DemoLogin[];
  /** Stops accepting, lets requests in flight finish (up to the grace period), closes the database. */
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  if (config.jwtSecretSource === 'generated') logger.warn('LINLI_JWT_SECRET is not set: using a random secret for this process (sessions end at restart)');

  const embedded = config.databaseUrl === undefined;
  if (embedded) await mkdir(config.dataDir, { recursive: true });
  const database: Database = openDatabase(embedded ? { dataDir: config.dataDir } : { databaseUrl: config.databaseUrl });
  const ran = await migrateToLatest(database.knex);
  logger.info({ database: database.kind, migrations: ran }, 'database ready');

  let dataKey = config.dataKey;
  if (config.dataKeySource === 'generated') {
    if (embedded) {
      dataKey = await loadOrCreateDevDataKey(config.dataDir);
      logger.warn({ dataDir: config.dataDir }, 'LINLI_DATA_KEY is not set: personal data is sealed with a development key kept beside the database');
    } else {
      logger.warn('LINLI_DATA_KEY is not set: personal data is sealed with a random key for this process and will be unreadable after a restart');
    }
  }

  let accepting = true;
  const deps = createDeps({
    database,
    jwtSecret: config.jwtSecret,
    dataKey,
    dataKeysPrevious: config.dataKeysPrevious,
    demo: config.demo,
    logger,
    trustProxy: config.trustProxy,
    accepting: () => accepting,
  });

  if (config.demo) {
    const outcome = await seedDemo(deps);
    if (!outcome.seeded) logger.info('demo seed skipped: the database already has a community');
  }
  const logins = config.demo ? await demoLogins(database.knex) : [];

  const holdExpiry = startHoldExpiry(deps, holdExpiryIntervalMs);
  const app = buildApp(deps);
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, (error?: Error) => (error === undefined ? resolve(listening) : reject(error)));
    // Before the first connection: what node's parser refuses is answered as a problem too.
    answerClientErrors(listening);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      accepting = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
      await closed;
      clearTimeout(force);
      await holdExpiry.stop();
      await database.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { url, demoLogins: logins, stop };
}

function printBanner(url: string, logins: readonly DemoLogin[]): void {
  const lines = [`Linli is listening on ${url}  (health: ${url}/healthz, API: ${url}/api/openapi.json)`];
  if (logins.length > 0) {
    lines.push('Demo mode: log in with community, username and password (POST /api/v1/auth/login):');
    for (const login of logins) lines.push(`  ${login.community}  ${login.username.padEnd(12)} ${login.password}   ${login.role.padEnd(11)} ${login.displayName}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Linli cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.nodeEnv);
  if (config.demo && config.nodeEnv === 'production') logger.warn('LINLI_DEMO is on in production: demo accounts with published passwords can log in');
  const running = await startServer(config, logger);
  printBanner(running.url, running.demoLogins);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
      running.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`Linli failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
