// A PostgreSQL cluster that a test creates and owns (its own data directory, port and socket
// folder), so that it may stop, restart and kill it without touching the machine's shared server.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 programs. */
export const postgresBin = process.env['LINLI_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
/** The operating-system user that owns the clusters: PostgreSQL refuses to run as root. */
const osUser = 'postgres';
/** How long pg_ctl waits for a start, stop or promotion. */
const pgCtlWaitSeconds = 60;
/** How long the backends of a killed postmaster get to notice and exit before they are killed too. */
const orphansExitMs = 5_000;

/** Settings every owned cluster gets: small, on the loopback address only, sockets in its own folder. */
function baseSettings(port: number, socketFolder: string): Record<string, string> {
  return {
    port: String(port),
    listen_addresses: "'127.0.0.1'",
    unix_socket_directories: `'${socketFolder}'`,
    max_connections: '60',
    shared_buffers: "'32MB'",
    // The checkpoints of a short test are of no interest; a crash replays from the last one.
    max_wal_size: "'256MB'",
    log_min_messages: 'warning',
    log_line_prefix: "'%m [%p] '",
  };
}

export interface ClusterOptions {
  /** A name for the folder and the log lines (also the standby's application_name). */
  name: string;
  /** More postgresql.conf settings, written as they are (quote strings: `"'on'"`). */
  settings?: Record<string, string>;
}

function postgresIds(): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', osUser], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', osUser], { encoding: 'utf8' }).trim()),
  };
}

/** Runs a PostgreSQL program as the postgres user (the tests run as root). */
async function asPostgres(program: string, args: readonly string[]): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const [file, fullArgs] = asRoot
    ? ['runuser', ['-u', osUser, '--', path.join(postgresBin, program), ...args]]
    : [path.join(postgresBin, program), [...args]];
  try {
    const { stdout } = await run(file, fullArgs, { encoding: 'utf8', timeout: (pgCtlWaitSeconds + 30) * 1000 });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${(stderr ?? '').trim() || (stdout ?? '').trim() || String(error)}`);
  }
}

/** A TCP port nobody listens on now (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Clusters still on disk, removed at exit even when a test fails or is cut off. */
const owned = new Set<PostgresCluster>();
process.once('exit', () => {
  for (const cluster of owned) cluster.removeNow();
});

export class PostgresCluster {
  private constructor(
    readonly name: string,
    /** The folder holding the data directory, the socket and the log. */
    readonly folder: string,
    readonly port: number,
  ) {
    owned.add(this);
  }

  get dataDir(): string {
    return path.join(this.folder, 'data');
  }

  get logFile(): string {
    return path.join(this.folder, 'postgres.log');
  }

  /** A connection string for `database` on this cluster. */
  url(database = 'postgres'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A new cluster (initdb), not yet started. */
  static async create(options: ClusterOptions): Promise<PostgresCluster> {
    const cluster = new PostgresCluster(options.name, PostgresCluster.makeFolder(options.name), await freePort());
    await asPostgres('initdb', [
      '-D',
      cluster.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    await cluster.configure({ ...baseSettings(cluster.port, cluster.folder), ...options.settings });
    return cluster;
  }

  /**
   * A streaming standby of `primary` (pg_basebackup with `-R`: standby.signal and primary_conninfo),
   * reporting itself by `options.name` (cluster_name is the walreceiver's application_name, which
   * synchronous_standby_names names). Not yet started.
   */
  static async standbyOf(primary: PostgresCluster, options: ClusterOptions): Promise<PostgresCluster> {
    const cluster = new PostgresCluster(options.name, PostgresCluster.makeFolder(options.name), await freePort());
    await asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      cluster.dataDir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
      '--no-sync',
    ]);
    await cluster.configure({ ...baseSettings(cluster.port, cluster.folder), cluster_name: `'${options.name}'`, ...options.settings });
    return cluster;
  }

  private static makeFolder(name: string): string {
    const folder = mkdtempSync(path.join(os.tmpdir(), `linli-pg-${name}-`));
    const { uid, gid } = postgresIds();
    chownSync(folder, uid, gid);
    return folder;
  }

  /** Appends settings to postgresql.conf (a later line wins); they apply at the next start or reload. */
  async configure(settings: Record<string, string>): Promise<void> {
    const lines = Object.entries(settings).map(([key, value]) => `${key} = ${value}`);
    await appendFile(path.join(this.dataDir, 'postgresql.conf'), `\n# set by the test harness\n${lines.join('\n')}\n`);
  }

  async start(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', String(pgCtlWaitSeconds), 'start']).catch(
      (error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${this.name}'s log:\n${this.logTail()}`);
      },
    );
  }

  /** Stops the cluster: `fast` ends sessions and checkpoints; `immediate` quits without one (a crash, replayed at start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', String(pgCtlWaitSeconds), 'stop']);
  }

  async restart(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-m', 'fast', '-w', '-t', String(pgCtlWaitSeconds), 'restart']);
  }

  async createDatabase(name: string): Promise<void> {
    await asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', name]);
  }

  async reload(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dataDir, 'reload']);
  }

  /** Turns a standby into a primary and waits until it takes writes. */
  async promote(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-w', '-t', String(pgCtlWaitSeconds), 'promote']);
  }

  /** The postmaster's process id, from postmaster.pid, or undefined when the cluster is not running. */
  postmasterPid(): number | undefined {
    const file = path.join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  }

  /**
   * Kills the postmaster with SIGKILL, as the kernel's OOM killer would. Its backends notice the
   * postmaster's death and exit by themselves; any still there after a few seconds are killed
   * too, since a new postmaster refuses to start while the old shared memory is attached. The
   * next start replays the WAL (crash recovery). Returns the backends that had to be killed.
   */
  async killPostmaster(): Promise<{ orphansKilled: number }> {
    const pid = this.postmasterPid();
    if (pid === undefined) throw new Error(`assertion: ${this.name} is running`);
    const children = childPids(pid);
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + orphansExitMs;
    let alive = children.filter(isAlive);
    while (alive.length > 0 && Date.now() < deadline) {
      await sleep(100);
      alive = alive.filter(isAlive);
    }
    for (const orphan of alive) signal(orphan, 'SIGKILL');
    // A new postmaster refuses to start while the old one's pid exists, and a killed process
    // exists until whoever adopted it reaps it; a zombie past the wait holds nothing, so its
    // stale lock file is removed as an operator would.
    while ((alive.some(isAlive) || exists(pid)) && Date.now() < deadline + orphansExitMs) await sleep(50);
    if (exists(pid) && !isAlive(pid)) rmSync(path.join(this.dataDir, 'postmaster.pid'), { force: true });
    return { orphansKilled: alive.length };
  }

  /** Stops the cluster (immediately) if it runs, and deletes its folder. */
  async remove(): Promise<void> {
    if (this.postmasterPid() !== undefined) await this.stop('immediate').catch(() => this.killEverything());
    this.removeNow();
  }

  /** For the exit hook: no waiting on child processes, only signals and the folder. */
  removeNow(): void {
    if (!owned.has(this)) return;
    this.killEverything();
    // LINLI_KEEP_CLUSTER_FILES=1 keeps the folder (data, logs, the service's log) for a look afterwards.
    if (process.env['LINLI_KEEP_CLUSTER_FILES'] === '1') console.log(`kept ${this.folder}`);
    else rmSync(this.folder, { recursive: true, force: true });
    owned.delete(this);
  }

  private killEverything(): void {
    const pid = this.postmasterPid();
    if (pid === undefined) return;
    for (const child of childPids(pid)) signal(child, 'SIGKILL');
    signal(pid, 'SIGKILL');
  }

  /** The last lines of the cluster's log, for a failure message. */
  logTail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Writes a file into the data directory as the postgres user would (for standby.signal and the like). */
  writeDataFile(name: string, text: string): void {
    const file = path.join(this.dataDir, name);
    writeFileSync(file, text);
    const { uid, gid } = postgresIds();
    chownSync(file, uid, gid);
  }
}

/** Whether a process runs; a zombie (dead, not yet reaped by whoever adopted it) does not. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Whether the process table still has `pid`, zombie or not. */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** The processes whose parent is `pid` (a postmaster's backends and auxiliary processes). */
export function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split(/\s+/)
      .filter((text) => text !== '')
      .map(Number);
  } catch {
    // ps exits 1 when there are none.
    return [];
  }
}
