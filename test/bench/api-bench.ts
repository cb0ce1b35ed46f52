// The API benchmark (`npm run bench:api`): balance reads and hour gifts per second, with their p99 latency, over HTTP on PostgreSQL.
//
// Not a timed test: it prints one JSON line per figure and the method as `#` lines, and exits 0
// whether or not a target is met (docs/PERFORMANCE.md records the figures and reads them). It
// fails only when the service's books are wrong afterwards (trial balance, verify, or a gift
// count that is not the number of 201s), since a fast wrong service measures nothing.
//
// The service runs as it is deployed, `node packages/api/dist/server.js` in a child process, so
// that the load generator (autocannon, in this process) does not share its event loop.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Ledger, PostgresStore, books, openDatabase, type TransactionInput } from '@linli/ledger';
import { serverUrl } from '@linli/ledger/testing';
import { figure, median, met, method, repeat, rounded, seconds, targetText, type Target } from './bench-report.js';

/** How much the bench asks of the service. */
interface Scale {
  /** Members created through the API (each with an hour account), besides the demo's. */
  members: number;
  /** Service credits per member in the history (hours banked before the bench). */
  creditsPerMember: number;
  /** Past gifts between members in the history. */
  historyGifts: number;
  warmupSeconds: number;
  scenarioSeconds: number;
  runs: number;
}

const fullScale: Scale = { members: 400, creditsPerMember: 25, historyGifts: 30_000, warmupSeconds: 5, scenarioSeconds: 15, runs: 2 };
/** API_BENCH_QUICK=1: a short pass for trying changes; its figures are not the ones to report. */
const quickScale: Scale = { members: 100, creditsPerMember: 10, historyGifts: 3_000, warmupSeconds: 2, scenarioSeconds: 5, runs: 2 };

/** API_BENCH_WORKERS: the service's LINLI_WORKERS (processes serving the port); 1 by default, as the service's own default. */
const workers = process.env.API_BENCH_WORKERS ?? '1';
/** Connections autocannon keeps open, each with one request at a time (no pipelining). */
const balanceConnections = Number(process.env.API_BENCH_BALANCE_CONNECTIONS ?? 32);
const giftConnections = Number(process.env.API_BENCH_GIFT_CONNECTIONS ?? 32);
/** Each gift moves this much: small enough that no giver runs out of banked hours. */
const giftHours = '0.10';
/** The login limiter allows 30 attempts per client address in 15 minutes; members log in from several loopback addresses, at most this many from each. */
const loginsPerAddress = 25;
const loginsInFlight = 4;
const memberCreationsInFlight = 4;
const loadBatchSize = 1_000;
const adminUrlDefault = 'postgresql://postgres@127.0.0.1:5432/postgres';
const community = 'xianlin';
const demoPassword = 'demo-linli-2026';

const targets: Record<string, Target> = {
  'api.balance.rps': { kind: 'min', value: 3_000 },
  'api.balance.p99_ms': { kind: 'max', value: 20 },
  'api.gift.rps': { kind: 'min', value: 800 },
  'api.gift.p99_ms': { kind: 'max', value: 50 },
  'api.errors': { kind: 'max', value: 0 },
};

interface Member {
  id: string;
  username: string;
  token: string;
}

async function main(): Promise<void> {
  const quick = process.env.API_BENCH_QUICK === '1';
  const scale = quick ? quickScale : fullScale;
  const adminUrl = serverUrl() ?? adminUrlDefault;
  method(
    [
      `API benchmark, ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB memory, Node ${process.version}, ${os.platform()} ${os.release()}`,
      'the service (packages/api/dist/server.js, NODE_ENV=production, its logs to a file) in a child process; autocannon in this process; PostgreSQL on the same machine',
      'figures: one JSON line per run, then the median of the runs with the target',
      ...(quick ? ['API_BENCH_QUICK=1: smaller history and shortened runs, not figures to report'] : []),
    ].join('\n'),
  );
  const scratch = await createBenchDatabase(adminUrl);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'linli-bench-api-'));
  let service: Service | undefined;
  try {
    service = await startService(scratch.url, path.join(folder, 'service.log'));
    await bench(service, scratch.url, scale);
  } finally {
    await service?.stop();
    // API_BENCH_KEEP_DATABASE=1 keeps the scratch database for a look afterwards (drop it by hand).
    if (process.env.API_BENCH_KEEP_DATABASE === '1') {
      method(`kept the database ${new URL(scratch.url).pathname.slice(1)}`);
      await scratch.close();
    } else {
      await scratch.drop();
    }
    await rm(folder, { recursive: true, force: true });
  }
}

async function bench(service: Service, databaseUrl: string, scale: Scale): Promise<void> {
  const benchStarted = performance.now();
  const database = openDatabase({ databaseUrl, poolSize: 4 });
  try {
    const sql = async (statement: string): Promise<Record<string, unknown>[]> =>
      ((await database.knex.raw(statement)) as { rows: Record<string, unknown>[] }).rows;
    const settings = await sql(
      `select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections') order by name`,
    );
    const [version] = await sql('select version() as version');
    method(
      [
        `${String(version?.version)}`,
        `settings: ${settings.map((row) => `${String(row.name)}=${String(row.setting)}`).join(', ')}`,
        `scale: ${JSON.stringify(scale)}; connections: balance ${balanceConnections}, gifts ${giftConnections}; LINLI_WORKERS=${workers}`,
      ].join('\n'),
    );

    // Members through the API, as a coordinator registers them: user, profile, hour account, audit.
    const seedStarted = performance.now();
    const coordinator = await login(service.port, '127.0.0.1', 'coordinator', demoPassword);
    const usernames = Array.from({ length: scale.members }, (_, index) => `bench-${String(index).padStart(4, '0')}`);
    const memberPassword = `bench-${randomBytes(6).toString('hex')}`;
    const ids = await inParallel(usernames, memberCreationsInFlight, async (username) => {
      const created = await requestJson(
        service.port,
        '127.0.0.1',
        'POST',
        '/api/v1/members',
        { username, displayName: `基准 ${username}`, password: memberPassword },
        { authorization: `Bearer ${coordinator}`, 'idempotency-key': randomUUID() },
      );
      if (created.status !== 201)
        throw new Error(`assertion: POST /api/v1/members answers 201, not ${created.status}: ${JSON.stringify(created.body)}`);
      return (created.body as { id: string }).id;
    });
    method(`history: ${scale.members} members created through POST /api/v1/members in ${seconds(seedStarted).toFixed(1)} s`);

    // History through the ledger on the same database: hours banked by service, then gifts.
    const historyStarted = performance.now();
    const ledger = new Ledger({ store: new PostgresStore(database.knex, database.kind) });
    const random = seededRandom(7);
    const history: TransactionInput[] = [];
    const now = Date.now();
    for (const [index, id] of ids.entries()) {
      for (let credit = 0; credit < scale.creditsPerMember; credit += 1) {
        const hours = (2 + Math.floor(random() * 7)).toFixed(2);
        const effectiveAt = new Date(now - (credit + 1) * 3 * 86_400_000).toISOString();
        history.push(
          books.serviceCredit({
            community,
            id: `bench-credit-${index}-${credit}`,
            actor: 'system',
            volunteer: id,
            payer: 'issuance',
            hours,
            effectiveAt,
            memo: '助老陪护 elderly companionship',
          }),
        );
      }
    }
    for (let gift = 0; gift < scale.historyGifts; gift += 1) {
      const [from, to] = twoOf(ids, random);
      history.push(
        books.hourGift({
          community,
          id: `bench-gift-${gift}`,
          actor: from,
          from,
          to: { member: to },
          hours: (0.25 * (1 + Math.floor(random() * 4))).toFixed(2),
          memo: '家人 family',
        }),
      );
    }
    // Credits first (in order), so that no gift spends hours not yet banked.
    for (let start = 0; start < history.length; start += loadBatchSize)
      await ledger.postLinked(community, history.slice(start, start + loadBatchSize));
    await sql('analyze');
    const [postings] = await sql(`select count(*)::bigint as postings from ledger_postings where community_id = '${community}'`);
    method(
      `history: ${history.length} transactions (${scale.members * scale.creditsPerMember} service credits of 2–8 hours, ${scale.historyGifts} gifts of 0.25–1.00 hours) posted in linked batches of ${loadBatchSize} in ${seconds(historyStarted).toFixed(1)} s; ${String(postings?.postings)} postings in the community's journal; then ANALYZE`,
    );

    // Real logins. The limiter allows 30 attempts per client address per 15 minutes, so the
    // members log in from several loopback addresses, at most `loginsPerAddress` from each.
    const loginStarted = performance.now();
    // With several workers each allows its share of the limit: fewer logins per address then.
    const perAddress = Math.floor(loginsPerAddress / Number(workers));
    const tokens = await inParallel(usernames, loginsInFlight, (username, index) =>
      login(service.port, `127.0.0.${2 + Math.floor(index / perAddress)}`, username, memberPassword),
    );
    const members: Member[] = ids.map((id, index) => ({ id, username: usernames[index] as string, token: tokens[index] as string }));
    method(
      `logins: ${members.length} members log in through POST /api/v1/auth/login (scrypt), from ${Math.ceil(members.length / perAddress)} loopback addresses (127.0.0.2 …), ${perAddress} at most from each, in ${seconds(loginStarted).toFixed(1)} s; access tokens last 15 minutes, longer than the scenarios`,
    );

    let errors = 0;
    const scenario = async (name: string, connections: number, description: string, options: () => autocannon.Options): Promise<void> => {
      method(
        `${name}: ${description}; ${connections} connections, one request at a time each; warm-up ${scale.warmupSeconds} s, then ${scale.runs} runs of ${scale.scenarioSeconds} s`,
      );
      const warmup = await load({ ...options(), connections, duration: scale.warmupSeconds });
      method(`  warm-up: ${Math.round(warmup.requests.total / warmup.duration)} requests/s, ${failures(warmup)} errors`);
      errors += failures(warmup);
      const p99s: number[] = [];
      await repeat(`${name}.rps`, 'requests/s', scale.runs, targets[`${name}.rps`], async () => {
        const before = await cpuSample(service, sql);
        const result = await load({ ...options(), connections, duration: scale.scenarioSeconds });
        const cpu = cpuSpent(before, await cpuSample(service, sql));
        const failed = failures(result);
        errors += failed;
        p99s.push(result.latency.p99);
        const perRequest = (ms: number): string => `${Math.round((ms * 1000) / Math.max(1, result.requests.total))} µs`;
        method(
          `  ${result.requests.total} requests in ${result.duration.toFixed(2)} s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ${failed} errors${failed > 0 ? ` (${JSON.stringify(result.statusCodeStats)}, ${result.errors} socket errors)` : ''}; ${machineLoad()}`,
        );
        method(
          `  CPU per request: service ${perRequest(cpu.serviceMs)}, PostgreSQL backends ${perRequest(cpu.databaseMs)}, load generator ${perRequest(cpu.benchMs)}`,
        );
        return result['2xx'] / result.duration;
      });
      const target = targets[`${name}.p99_ms`];
      for (const [index, p99] of p99s.entries()) figure(`${name}.p99_ms`, p99, 'ms', { run: index + 1 });
      figure(`${name}.p99_ms`, median(p99s), 'ms', {
        run: 'median',
        runs: p99s.map(rounded),
        ...(target === undefined ? {} : { target: targetText(target), met: met(median(p99s), target) }),
      });
    };

    const url = `http://127.0.0.1:${service.port}`;
    // API_BENCH_ONLY=balance or gift runs one scenario (for profiling one at a time).
    const only = process.env.API_BENCH_ONLY;
    if (only !== 'gift')
      await scenario(
        'api.balance',
        balanceConnections,
        `GET /api/v1/me/balances, each request with the access token of one of ${members.length} members in turn`,
        () => {
          let next = 0;
          return {
            url,
            requests: [
              {
                method: 'GET',
                path: '/api/v1/me/balances',
                setupRequest: (request) => {
                  const member = members[next % members.length] as Member;
                  next += 1;
                  return { ...request, headers: { authorization: `Bearer ${member.token}` } };
                },
              },
            ],
          };
        },
      );

    const giftsBefore = await countGifts(sql);
    let giftsSent = 0;
    if (only !== 'balance')
      await scenario(
        'api.gift',
        giftConnections,
        `POST /api/v1/gifts of ${giftHours} hours from a random member (their token) to another random member, each with a new Idempotency-Key`,
        () => ({
          url,
          requests: [
            {
              method: 'POST',
              path: '/api/v1/gifts',
              setupRequest: (request) => {
                const [from, to] = twoOf(members, Math.random);
                giftsSent += 1;
                return {
                  ...request,
                  headers: { authorization: `Bearer ${from.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
                  body: JSON.stringify({ to: { member: to.id }, hours: giftHours }),
                };
              },
            },
          ],
        }),
      );
    const posted = (await countGifts(sql)) - giftsBefore;
    method(
      `gifts: ${giftsSent} requests sent, ${posted} gifts in the journal (a request cut off by the end of a run may not have been sent)`,
    );

    method(`api.errors: non-2xx responses and socket errors (timeouts included) over every run and warm-up of both scenarios`);
    figure('api.errors', errors, 'responses', { target: '<= 0', met: errors === 0 });

    // The books the service wrote must still be right.
    const trial = await ledger.trialBalance(community);
    if (trial.some((line) => !/^-?0(\.0+)?$/.test(line.net)))
      throw new Error(`assertion: the trial balance is zero (${JSON.stringify(trial)})`);
    const verified = await ledger.verify(community);
    if (!verified.ok) throw new Error(`assertion: the journal verifies (${JSON.stringify(verified)})`);
    method(
      `books: trial balance zero and the journal verifies (${verified.transactions} transactions); service log ${(statSync(service.logFile).size / 2 ** 20).toFixed(1)} MiB; ${seconds(benchStarted).toFixed(0)} s in all`,
    );
  } finally {
    await database.close();
  }
}

interface CpuSample {
  /** CPU milliseconds by process id: the service's processes and the database's backends. */
  service: Map<number, number>;
  database: Map<number, number>;
  benchMs: number;
}

/**
 * CPU time so far (user + system, from /proc) of the service, of the PostgreSQL backends
 * connected to the scratch database, and of this process (the load generator). CPU time, unlike
 * wall time, does not grow when other work on the machine takes turns with the bench.
 */
async function cpuSample(service: Service, sql: (statement: string) => Promise<Record<string, unknown>[]>): Promise<CpuSample> {
  const backends = await sql('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  const read = (pids: readonly number[]): Map<number, number> =>
    new Map(
      pids.flatMap((pid) => {
        const ms = processCpuMs(pid);
        return ms === undefined ? [] : [[pid, ms] as const];
      }),
    );
  const usage = process.cpuUsage();
  return {
    service: read(service.pids()),
    database: read(backends.map((row) => Number(row.pid))),
    benchMs: (usage.user + usage.system) / 1000,
  };
}

function cpuSpent(before: CpuSample, after: CpuSample): { serviceMs: number; databaseMs: number; benchMs: number } {
  const spent = (start: Map<number, number>, end: Map<number, number>): number =>
    [...end].reduce((sum, [pid, ms]) => sum + ms - (start.get(pid) ?? 0), 0);
  return {
    serviceMs: spent(before.service, after.service),
    databaseMs: spent(before.database, after.database),
    benchMs: after.benchMs - before.benchMs,
  };
}

const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime + stime of a process in milliseconds, or undefined once it has gone. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start at state; utime and stime are the 12th and 13th after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return undefined;
  }
}

function failures(result: autocannon.Result): number {
  return result.non2xx + result.errors;
}

function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) =>
      error === null || error === undefined ? resolve(result) : reject(error instanceof Error ? error : new Error(String(error))),
    );
  });
}

async function countGifts(sql: (statement: string) => Promise<Record<string, unknown>[]>): Promise<number> {
  const [row] = await sql(
    `select count(*)::bigint as gifts from ledger_transactions where community_id = '${community}' and kind = 'hour_gift'`,
  );
  return Number(row?.gifts);
}

interface Service {
  port: number;
  logFile: string;
  /** The service's process ids. */
  pids(): number[];
  stop(): Promise<void>;
}

/** Starts the service as deployed, on the scratch database, and waits until `/readyz` answers. */
async function startService(databaseUrl: string, logFile: string): Promise<Service> {
  const port = await freePort();
  const serverScript = fileURLToPath(new URL('server.js', import.meta.resolve('@linli/api')));
  const log = openSync(logFile, 'a');
  // API_BENCH_CPU_PROF=<folder>: the service writes a V8 CPU profile there when it stops.
  const profile = process.env.API_BENCH_CPU_PROF;
  const child: ChildProcess = spawn(
    process.execPath,
    [...(profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`]), '--enable-source-maps', serverScript],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        LINLI_JWT_SECRET: randomBytes(48).toString('base64'),
        LINLI_DATA_KEY: randomBytes(32).toString('base64'),
        // The demo community is the bench's community; its coordinator registers the members.
        LINLI_DEMO: 'on',
        // The bench connects as the server's superuser, which also migrates at start.
        LINLI_MIGRATE_ON_START: 'on',
        LINLI_ALLOW_PRIVILEGED_DATABASE_ROLE: 'on',
        LINLI_WORKERS: workers,
      },
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => {
    exited = true;
  });
  const started = performance.now();
  for (;;) {
    if (exited) throw new Error(`the service exited while starting; see its log ${logFile}`);
    const ready = await requestJson(port, '127.0.0.1', 'GET', '/readyz').catch(() => undefined);
    if (ready?.status === 200) break;
    if (seconds(started) > 120) throw new Error('the service did not become ready in 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  method(`service: ready in ${seconds(started).toFixed(1)} s (migrations and the demo seed), pid ${child.pid ?? '?'}, port ${port}`);
  return {
    port,
    logFile,
    // With LINLI_WORKERS above 1 the workers are the child's children.
    pids: () => (child.pid === undefined ? [] : [child.pid, ...childPids(child.pid)]),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

function childPids(pid: number): number[] {
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

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function login(port: number, localAddress: string, username: string, password: string): Promise<string> {
  const session = await requestJson(port, localAddress, 'POST', '/api/v1/auth/login', { community, username, password });
  if (session.status !== 200) throw new Error(`assertion: ${username} logs in, not ${session.status}: ${JSON.stringify(session.body)}`);
  return (session.body as { accessToken: string }).accessToken;
}

/** One JSON request from a chosen local address (the login limiter counts per client address). */
function requestJson(
  port: number,
  localAddress: string,
  methodName: string,
  pathName: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: methodName,
        path: pathName,
        headers: {
          ...headers,
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Left as text: only the status matters then.
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** Maps `items` with at most `width` calls in flight, keeping the order. */
async function inParallel<T, R>(items: readonly T[], width: number, operation: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        results[index] = await operation(items[index] as T, index);
      }
    }),
  );
  return results;
}

/** Two different items, chosen at random. */
function twoOf<T>(items: readonly T[], random: () => number): [T, T] {
  const first = Math.floor(random() * items.length);
  const second = (first + 1 + Math.floor(random() * (items.length - 1))) % items.length;
  return [items[first] as T, items[second] as T];
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A fresh database for one run, dropped at the end. Not named linli_t_* like the test
 * fixtures' scratch databases: a CI run drops every linli_t_* database when it ends, and would
 * end a bench running beside it.
 */
async function createBenchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void>; close(): Promise<void> }> {
  const name = `linli_bench_api_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase({ databaseUrl: baseUrl, poolSize: 1 });
  await admin.knex.raw(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.knex.raw(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
    close: () => admin.close(),
  };
}

/** Other work on the machine shows in the figures, so each run says how busy the machine was. */
function machineLoad(): string {
  return `load average ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on ${os.cpus().length} CPUs`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
