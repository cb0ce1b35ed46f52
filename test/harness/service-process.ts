// The service as deployed (the built packages/api/dist/server.js in a child process, production
// settings), on one port and one set of secrets across restarts, so that clients and their access
// tokens carry on after a kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './postgres-cluster.js';

/** The built server (`npm run build`), found from this file whether it runs as source or compiled. */
export const serverScript = findUp(path.dirname(fileURLToPath(import.meta.url)), 'packages/api/dist/server.js');

function findUp(folder: string, relative: string): string {
  for (let current = folder; ; current = path.dirname(current)) {
    const candidate = path.join(current, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) throw new Error(`${relative} not found above ${folder}: run \`npm run build\` first`);
  }
}

/** How long a start (migrations and the demo seed on an empty database included) may take. */
const readyWithinMs = 120_000;

export interface ServiceOptions {
  databaseUrl: string;
  logFile: string;
  /** More environment for the service (e.g. LINLI_WORKERS). */
  env?: Record<string, string>;
}

/** Services still running, killed at exit even when a test fails or is cut off. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly secrets = { LINLI_JWT_SECRET: randomBytes(48).toString('base64'), LINLI_DATA_KEY: randomBytes(32).toString('base64') };

  private constructor(
    private readonly options: ServiceOptions,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the service and waits until `/readyz` answers 200. */
  static async start(options: ServiceOptions): Promise<ServiceProcess> {
    const service = new ServiceProcess(options, await freePort());
    await service.start();
    return service;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.child !== undefined) throw new Error('assertion: the service is not running');
    const log = openSync(this.options.logFile, 'a');
    const child = spawn(process.execPath, ['--enable-source-maps', serverScript], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: this.options.databaseUrl,
        PORT: String(this.port),
        ...this.secrets,
        // The demo community is the test's community: its coordinator registers members, its
        // auditor reads the trial balance and the tamper check.
        LINLI_DEMO: 'on',
        // The suites' clusters have one role, the superuser, which also migrates at start; a
        // production install has two (docs/OPERATIONS.md, "Database roles"), and the go-live
        // suite turns both settings off to run as one.
        LINLI_MIGRATE_ON_START: 'on',
        LINLI_ALLOW_PRIVILEGED_DATABASE_ROLE: 'on',
        ...this.options.env,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    running.add(child);
    let gone = false;
    this.exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        gone = true;
        running.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      }),
    );
    const deadline = Date.now() + readyWithinMs;
    for (;;) {
      if (gone) throw new Error(`the service exited while starting:\n${this.logTail()}`);
      const ready = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (ready?.status === 200) return;
      if (Date.now() > deadline) throw new Error(`the service was not ready within ${readyWithinMs / 1000} s:\n${this.logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Kills the service with `signal` (SIGKILL: no shutdown at all) and waits until it has gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    child.kill(signal);
    await this.exited;
  }

  /** SIGTERM: stops taking connections and finishes what is in flight. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
