// Starts the service: configuration, database, migrations, demo seed, listen, graceful shutdown;
// with LINLI_WORKERS above 1, one primary process and that many workers serving the same port.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase, type Database } from '@linli/ledger';
import type { Logger } from 'pino';
import { buildApp, type AppOptions } from './app.js';
import { answerClientErrors } from './client-errors.js';
import { clusterSecretVariables, ConfigError, readConfig, type Config } from './config.js';
import { clusterLoginLimiter, serveClusterLoginLimits } from './auth/cluster-login-limits.js';
import { createDeps, loginLimitsDefault, type Deps, type LoginLimits } from './deps.js';
import { demoLogins, seedDemo, type DemoLogin } from './demo/seed.js';
import { loadOrCreateDevDataKey } from './dev-data-key.js';
import { createLogger } from './logger.js';
import { clusterMetricsSource, serveClusterMetrics } from './operations/cluster-metrics.js';
import { createMetrics, metricsHandler, registrySource } from './operations/metrics.js';
import { prepareDatabaseForService, StartupRefusedError } from './operations/startup-checks.js';
import { startTamperChecks } from './operations/tamper-check.js';
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

export interface StartOptions {
  /** Run migrations and the demo seed (false in cluster workers: the primary did both). */
  prepareDatabase?: boolean;
  /** Sweep expired holds in this process (in a cluster, one worker sweeps). */
  holdExpiry?: boolean;
  /** Run the scheduled tamper checks in this process (in a cluster, one worker does). */
  tamperChecks?: boolean;
  /** A cluster worker's /metrics asks the primary for every worker's metrics. */
  clusterMetrics?: boolean;
  loginLimits?: LoginLimits;
  /** Login counters kept elsewhere: a cluster worker asks the primary. */
  loginLimiter?: Deps['loginLimiter'];
}

export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const prepare = options.prepareDatabase ?? true;
  if (config.trustProxy === true)
    logger.warn(
      'LINLI_TRUST_PROXY=true trusts every hop: any client can choose its address (X-Forwarded-For) and so escape the login limits; refused in production',
    );
  if (config.jwtSecretSource === 'generated')
    logger.warn('LINLI_JWT_SECRET is not set: using a random secret for this process (sessions end at restart)');

  const embedded = config.databaseUrl === undefined;
  if (embedded) await mkdir(config.dataDir, { recursive: true });
  const database: Database = openDatabase(
    embedded ? { dataDir: config.dataDir } : { databaseUrl: config.databaseUrl, timeouts: config.databaseTimeouts },
  );
  if (prepare) {
    // Migrations may run longer than a request's statement limit: on a connection of their own, without it.
    const preparing = embedded ? database : openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
    const ran = await prepareDatabaseForService(preparing, config, logger)
      .finally(async () => {
        if (preparing !== database) await preparing.close();
      })
      .catch(async (error: unknown) => {
        await database.close();
        throw error;
      });
    logger.info({ database: database.kind, migrations: ran }, 'database ready');
  }

  let dataKey = config.dataKey;
  if (config.dataKeySource === 'generated') {
    if (embedded) {
      dataKey = await loadOrCreateDevDataKey(config.dataDir);
      logger.warn(
        { dataDir: config.dataDir },
        'LINLI_DATA_KEY is not set: personal data is sealed with a development key kept beside the database',
      );
    } else {
      logger.warn(
        'LINLI_DATA_KEY is not set: personal data is sealed with a random key for this process and will be unreadable after a restart',
      );
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
    loginLimits: options.loginLimits,
    loginLimiter: options.loginLimiter,
  });

  if (config.demo && prepare) {
    const outcome = await seedDemo(deps);
    if (!outcome.seeded) logger.info('demo seed skipped: the database already has a community');
  }
  const logins = config.demo ? await demoLogins(database.knex) : [];

  const holdExpiry = (options.holdExpiry ?? true) ? startHoldExpiry(deps, holdExpiryIntervalMs) : { stop: async () => {} };
  if (!existsSync(join(config.webDir, 'index.html')))
    logger.warn({ webDir: config.webDir }, 'the web app is not built there: only the API is served (npm run build builds it)');
  const tamperChecks =
    (options.tamperChecks ?? true) && config.tamperCheckIntervalMs > 0
      ? startTamperChecks(deps, config.tamperCheckIntervalMs)
      : { stop: async () => {} };
  let metrics: AppOptions['metrics'];
  if (config.metricsToken !== undefined) {
    const created = createMetrics(database.knex);
    const source = options.clusterMetrics === true ? clusterMetricsSource(created.registry) : registrySource(created.registry);
    metrics = { middleware: created.middleware, handler: metricsHandler(config.metricsToken, source) };
  }
  const app = buildApp(deps, undefined, { webDir: config.webDir, metrics });
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
      await tamperChecks.stop();
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
    for (const login of logins)
      lines.push(`  ${login.community}  ${login.username.padEnd(12)} ${login.password}   ${login.role.padEnd(11)} ${login.displayName}`);
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
  if (config.workers > 1) {
    await (cluster.isPrimary ? runPrimary(config, logger) : runWorker(config, logger));
    return;
  }
  if (config.demo && config.nodeEnv === 'production')
    logger.warn('LINLI_DEMO is on in production: demo accounts with published passwords can log in');
  const running = await startServer(config, logger);
  printBanner(running.url, running.demoLogins);
  stopOnSignals(running, logger);
}

/**
 * Calls `shutDown` at the first SIGTERM or SIGINT, and keeps listening afterwards so that a
 * repeated signal is ignored rather than killing the process: under systemd's default
 * KillMode=control-group every process of the service gets SIGTERM, and a cluster worker then
 * gets a second one from the primary. Requests in flight are bounded by the grace period instead.
 */
function onStopSignals(logger: Logger, shutDown: (signal: NodeJS.Signals) => void): void {
  let received = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (received) {
        logger.info({ signal }, 'already shutting down: signal ignored');
        return;
      }
      received = true;
      shutDown(signal);
    });
  }
}

function stopOnSignals(running: Pick<RunningServer, 'stop'>, logger: Logger): void {
  onStopSignals(logger, (signal) => {
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

/** The environment variable that tells a cluster worker its index (0 sweeps expired holds). */
const workerIndexVariable = 'LINLI_WORKER_INDEX';

/**
 * The primary prepares the database once (migrations, and the demo seed, which workers starting
 * together would race on), hands every worker the same secrets (also when they were generated for
 * this run, so a token one worker issued is good at the others), starts the workers and stops them
 * on SIGTERM. It serves no requests. A worker that dies stops the service, for its supervisor to
 * restart: a half-sized service that looks healthy would be worse.
 */
async function runPrimary(config: Config, logger: Logger): Promise<void> {
  if (config.demo && config.nodeEnv === 'production')
    logger.warn('LINLI_DEMO is on in production: demo accounts with published passwords can log in');
  if (config.jwtSecretSource === 'generated')
    logger.warn('LINLI_JWT_SECRET is not set: using a random secret for this run (sessions end at restart)');
  if (config.dataKeySource === 'generated')
    logger.warn('LINLI_DATA_KEY is not set: personal data is sealed with a random key for this run and will be unreadable after a restart');
  const database = openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
  let logins: DemoLogin[] = [];
  try {
    const ran = await prepareDatabaseForService(database, config, logger);
    logger.info({ database: database.kind, migrations: ran, workers: config.workers }, 'database ready');
    if (config.demo) {
      const deps = createDeps({
        database,
        jwtSecret: config.jwtSecret,
        dataKey: config.dataKey,
        dataKeysPrevious: config.dataKeysPrevious,
        demo: true,
        logger,
      });
      const outcome = await seedDemo(deps);
      if (!outcome.seeded) logger.info('demo seed skipped: the database already has a community');
      logins = await demoLogins(database.knex);
    }
  } finally {
    await database.close();
  }

  // A worker inherits this environment, so configured secrets reach it as they are (and it reads
  // them as this process did); only those generated here are handed down, in variables of their own.
  const secrets: Record<string, string> = {};
  if (config.jwtSecretSource !== 'environment') secrets[clusterSecretVariables.jwtSecret] = config.jwtSecret.toString('base64');
  if (config.dataKeySource !== 'environment') secrets[clusterSecretVariables.dataKey] = config.dataKey.toString('base64');
  // One count of login attempts for the whole service, whichever worker a connection lands on.
  serveClusterLoginLimits((listener) => cluster.on('message', listener), loginLimitsDefault);
  if (config.metricsToken !== undefined) serveClusterMetrics();
  let stopping = false;
  const listening: Promise<number>[] = [];
  for (let index = 0; index < config.workers; index += 1) {
    const worker = cluster.fork({ ...secrets, [workerIndexVariable]: String(index) });
    listening.push(new Promise((resolve) => worker.once('listening', (address) => resolve(address.port))));
  }
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ worker: worker.process.pid, code, signal }, 'a worker stopped: stopping the service');
    stop(1);
  });
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let running = workers.length;
    if (running === 0) process.exit(code);
    for (const worker of workers) {
      worker?.once('exit', () => {
        running -= 1;
        if (running === 0) process.exit(code);
      });
      worker?.process.kill('SIGTERM');
    }
  };
  onStopSignals(logger, (signal) => {
    logger.info({ signal }, 'shutting down: stopping the workers');
    stop(0);
  });
  const [port] = await Promise.all(listening);
  printBanner(`http://localhost:${port ?? config.port}`, logins);
}

async function runWorker(config: Config, logger: Logger): Promise<void> {
  const index = Number(process.env[workerIndexVariable] ?? '0');
  const running = await startServer(config, logger.child({ worker: index }), {
    prepareDatabase: false,
    holdExpiry: index === 0,
    tamperChecks: index === 0,
    clusterMetrics: true,
    loginLimiter: clusterLoginLimiter({
      send: (message, callback) =>
        process.send === undefined
          ? callback(new Error('no channel to the cluster primary'))
          : process.send(message, undefined, {}, callback),
      on: (event, listener) => process.on(event, listener),
    }),
  });
  stopOnSignals(running, logger);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    if (error instanceof StartupRefusedError) {
      process.stderr.write(`Linli cannot start: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`Linli failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
