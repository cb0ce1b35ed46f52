// The ledger benchmark (`npm run bench:ledger`): write throughput, balance latency, verify time and size on disk, on PostgreSQL and PGlite.
//
// Not a timed test: it prints one JSON line per figure and the method as `#` lines, and exits 0
// whether or not a target is met (docs/PERFORMANCE.md records the figures and reads them).
// It fails only when the books it wrote are wrong (verify, trial balance), since a fast wrong
// ledger measures nothing.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ledger, PostgresStore, openDatabase, type Database, type TransactionInput } from '@linli/ledger';
import { serverUrl } from '@linli/ledger/testing';
import { migrateToLatest } from '@linli/api';
import { figure, machineLoad, method, percentile, repeat, seconds, type Target } from './bench-report.js';
import { benchCommunities, benchSchemas, communitiesMax, communityCounts, type CommunitiesScale } from './ledger-communities.js';
import {
  CountingStore,
  Transfers,
  closedLoop,
  historyBatchSize,
  historyBatchesInFlight,
  loadHistory,
  openBooks,
  seededRandom,
} from './ledger-workload.js';

/** How much each database is asked to do; PGlite (one connection, WASM) gets smaller counts. */
interface Scale {
  /** Transactions (two postings each) in the journal before anything is measured. */
  historyTransactions: number;
  warmupMs: number;
  scenarioMs: number;
  runs: number;
  balanceReads: number;
  /** Postings in the journal when verify is timed. */
  verifyPostings: number;
}

const serverScale: Scale = {
  historyTransactions: 100_000,
  warmupMs: 3_000,
  scenarioMs: 10_000,
  runs: 2,
  balanceReads: 10_000,
  verifyPostings: 1_000_000,
};
const pgliteScale: Scale = {
  historyTransactions: 20_000,
  warmupMs: 2_000,
  scenarioMs: 5_000,
  runs: 2,
  balanceReads: 5_000,
  verifyPostings: 1_000_000,
};
/** LEDGER_BENCH_QUICK=1: a short pass for trying changes; its figures are not the ones to report. */
const quickScale: Scale = {
  historyTransactions: 20_000,
  warmupMs: 1_000,
  scenarioMs: 3_000,
  runs: 2,
  balanceReads: 2_000,
  verifyPostings: 100_000,
};

const memberAccounts = 1_000;
const hotAccounts = 10;
const concurrentCallers = 16;
const batchSize = 100;
/** Linked batches in flight at once: the next batch is prepared while one is written. */
const linkedCallers = 2;

/** The targets of the issue, for the PostgreSQL server. PGlite's figures are reported without targets. */
const targets: Record<string, Target> = {
  'post.concurrent': { kind: 'min', value: 3_000 },
  'post.hot': { kind: 'min', value: 1_500 },
  'post.batch100_linked': { kind: 'min', value: 10_000 },
  'post.batch100_concurrent': { kind: 'min', value: 10_000 },
  'balance.p99_ms': { kind: 'max', value: 2 },
  'verify.1m_postings_s': { kind: 'max', value: 10 },
};

/** LEDGER_BENCH_COMMUNITIES: each community gets the single-community scenarios' history. */
const communitiesScale: CommunitiesScale = {
  historyTransactions: serverScale.historyTransactions,
  warmupMs: serverScale.warmupMs,
  scenarioMs: serverScale.scenarioMs,
  runs: 4,
};
const communitiesQuickScale: CommunitiesScale = {
  historyTransactions: quickScale.historyTransactions,
  warmupMs: quickScale.warmupMs,
  scenarioMs: quickScale.scenarioMs,
  runs: 2,
};

async function main(): Promise<void> {
  const quick = process.env.LEDGER_BENCH_QUICK === '1';
  const url = serverUrl();
  const only = process.env.LEDGER_BENCH_ONLY;
  const communities = process.env.LEDGER_BENCH_COMMUNITIES;
  if (communities !== undefined && communities !== '') {
    // Only the communities scenario, on the server: PGlite has one connection, so its communities take turns.
    if (url === undefined) throw new Error('LEDGER_BENCH_COMMUNITIES needs DATABASE_URL (a PostgreSQL server)');
    const schemas = benchSchemas(process.env.LEDGER_BENCH_SCHEMA);
    method(
      [
        `ledger benchmark, communities writing at once, ${new Date().toISOString()}`,
        `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB memory, Node ${process.version}, ${os.platform()} ${os.release()}`,
        'load generator and database on the same machine',
        ...(quick ? ['LEDGER_BENCH_QUICK=1: shortened runs, not figures to report'] : []),
      ].join('\n'),
    );
    const opened: { scratch: Awaited<ReturnType<typeof createBenchDatabase>>; database: Database; schema: (typeof schemas)[number] }[] = [];
    try {
      for (const schema of schemas) {
        const scratch = await createBenchDatabase(url);
        // One store call in flight per community, and a connection for the reads beside them.
        opened.push({ scratch, schema, database: openDatabase({ databaseUrl: scratch.url, poolSize: communitiesMax + 1 }) });
      }
      await benchCommunities('ledger', opened, quick ? communitiesQuickScale : communitiesScale, communityCounts(communities));
    } finally {
      for (const { scratch, database } of opened) {
        await database.close();
        await scratch.drop();
      }
    }
    return;
  }
  method(
    [
      `ledger benchmark, ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB memory, Node ${process.version}, ${os.platform()} ${os.release()}`,
      'load generator and database on the same machine; one community; one Ledger (its writer coalesces concurrent writes of a community into one store call)',
      `accounts: ${memberAccounts} member hour accounts (no lower limit) and ${hotAccounts} hot accounts with both limits; every transaction moves 1.00 HOUR between two accounts (2 postings)`,
      'figures: one JSON line per run, then the median of the runs with the target (targets are for the PostgreSQL server)',
      ...(quick ? ['LEDGER_BENCH_QUICK=1: shortened runs, not figures to report'] : []),
    ].join('\n'),
  );
  if (url === undefined) method('DATABASE_URL is not set: only the PGlite scenarios run');
  if (url !== undefined && only !== 'pglite') {
    const scratch = await createBenchDatabase(url);
    const database = openDatabase({ databaseUrl: scratch.url, poolSize: concurrentCallers });
    try {
      await benchDatabase('ledger', database, quick ? quickScale : serverScale);
    } finally {
      await database.close();
      await scratch.drop();
    }
  }
  if (only !== 'postgres') {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'linli-bench-pglite-'));
    const database = openDatabase({ dataDir: folder });
    try {
      await benchDatabase('ledger.pglite', database, quick ? quickScale : pgliteScale);
    } finally {
      await database.close();
      await rm(folder, { recursive: true, force: true });
    }
  }
}

async function benchDatabase(prefix: string, database: Database, scale: Scale): Promise<void> {
  const knex = database.knex;
  const sql = async (statement: string): Promise<Record<string, unknown>[]> => {
    const result = (await knex.raw(statement)) as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
    return Array.isArray(result) ? result : (result.rows ?? []);
  };
  const benchStarted = performance.now();
  await migrateToLatest(knex);
  const settings = await sql(
    `select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'max_connections') order by name`,
  );
  const [version] = await sql('select version() as version');
  method(
    [
      `== ${prefix}: ${database.kind === 'postgres' ? 'PostgreSQL server (a scratch database, dropped at the end)' : 'PGlite (in process, data in a temporary folder on disk)'}`,
      `${String(version?.version)}`,
      `settings: ${settings.map((row) => `${String(row.name)}=${String(row.setting)}`).join(', ')}`,
      `scale: ${JSON.stringify(scale)}`,
    ].join('\n'),
  );

  const counting = new CountingStore(new PostgresStore(knex, database.kind));
  const ledger = new Ledger({ store: counting.wrap() });
  const books = await openBooks(ledger, 'bench', memberAccounts, hotAccounts);
  const transfers = new Transfers(books, 't', 17);

  const historyStarted = performance.now();
  await loadHistory(ledger, books, transfers, scale.historyTransactions);
  const historySeconds = seconds(historyStarted);
  method(
    `history: ${scale.historyTransactions * 2} postings loaded in linked batches of ${historyBatchSize} (${historyBatchesInFlight} in flight) in ${historySeconds.toFixed(1)} s (${Math.round(scale.historyTransactions / historySeconds)} transactions/s)`,
  );

  // Verify's journal: exactly the named number of postings, in a community of its own, so the
  // figure does not depend on how much the write scenarios managed to write. Loaded before the
  // ANALYZE, so the statistics know both communities.
  const verifyBooks = await openBooks(ledger, 'bench-verify', memberAccounts, 0);
  const verifyTransfers = new Transfers(verifyBooks, 'v', 23);
  const verifyTransactions = scale.verifyPostings / 2;
  const loadStarted = performance.now();
  await loadHistory(ledger, verifyBooks, verifyTransfers, verifyTransactions);
  const loadSeconds = seconds(loadStarted);
  await sql('analyze');
  method(
    `verify's journal: community bench-verify, ${verifyTransactions} transactions (${scale.verifyPostings} postings) loaded the same way in ${loadSeconds.toFixed(1)} s (${Math.round(verifyTransactions / Math.max(loadSeconds, 0.001))} transactions/s); then ANALYZE of both`,
  );

  const target = (name: string): Target | undefined => (prefix === 'ledger' ? targets[name] : undefined);
  const post = (input: () => TransactionInput) => async (): Promise<number> => {
    await ledger.post(input());
    return 1;
  };
  const throughput = async (name: string, callers: number, operation: () => Promise<number>, description: string): Promise<void> => {
    method(
      `${prefix}.${name}: ${description}; warm-up ${scale.warmupMs / 1000} s, then ${scale.runs} runs of ${scale.scenarioMs / 1000} s each`,
    );
    await closedLoop(callers, scale.warmupMs, operation);
    await repeat(`${prefix}.${name}`, 'transactions/s', scale.runs, target(name), async () => {
      counting.reset();
      const result = await closedLoop(callers, scale.scenarioMs, operation);
      method(
        `  ${result.transactions} transactions in ${result.seconds.toFixed(2)} s; ${counting.calls} store calls, ${counting.meanBatch().toFixed(1)} operations per call; ${machineLoad()}`,
      );
      return result.transactions / result.seconds;
    });
  };

  await throughput(
    'post.concurrent',
    concurrentCallers,
    post(() => transfers.member()),
    `${concurrentCallers} concurrent callers, each posting one transaction at a time between two random members`,
  );
  await throughput(
    'post.hot',
    concurrentCallers,
    post(() => transfers.hot()),
    `${concurrentCallers} concurrent callers, each transaction between one of ${hotAccounts} hot accounts (with limits) and a random member`,
  );
  await throughput(
    'post.batch100_linked',
    linkedCallers,
    async () => {
      await ledger.postLinked(
        books.community,
        Array.from({ length: batchSize }, () => transfers.member()),
      );
      return batchSize;
    },
    `postLinked of ${batchSize} transactions (all or none), ${linkedCallers} batches in flight`,
  );
  await throughput(
    'post.batch100_concurrent',
    1,
    async () => {
      await Promise.all(Array.from({ length: batchSize }, () => ledger.post(transfers.member())));
      return batchSize;
    },
    `${batchSize} independent posts started together and awaited together, one such round at a time`,
  );

  const random = seededRandom(29);
  const readable = [...books.members, ...books.hot];
  method(
    `${prefix}.balance.p99_ms: ledger.balance of a random account, one caller, one read at a time, ${scale.balanceReads} reads per run after ${scale.balanceReads / 5} warm-up reads`,
  );
  const readBalances = async (count: number): Promise<number[]> => {
    const times: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const account = readable[Math.floor(random() * readable.length)] as string;
      const started = performance.now();
      const balance = await ledger.balance(books.community, account);
      times.push(performance.now() - started);
      if (balance === undefined) throw new Error(`assertion: account ${account} exists`);
    }
    return times.sort((a, b) => a - b);
  };
  await readBalances(scale.balanceReads / 5);
  await repeat(`${prefix}.balance.p99_ms`, 'ms', scale.runs, target('balance.p99_ms'), async () => {
    const times = await readBalances(scale.balanceReads);
    method(
      `  p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms, max ${percentile(times, 100).toFixed(3)} ms; ${machineLoad()}`,
    );
    return percentile(times, 99);
  });

  const [postings] = await sql(`select count(*)::bigint as postings from ledger_postings where community_id = 'bench-verify'`);
  const postingCount = Number(postings?.postings);
  if (postingCount !== scale.verifyPostings)
    throw new Error(`assertion: the verify journal holds ${scale.verifyPostings} postings, not ${postingCount}`);
  const verifyName = `verify.${postingsLabel(postingCount)}_postings_s`;
  // No untimed run first: the journal was written during this run, so much of it is in the cache.
  method(`${prefix}.${verifyName}: ledger.verify of the whole journal of bench-verify (${postingCount} postings), ${scale.runs} runs`);
  await repeat(`${prefix}.${verifyName}`, 's', scale.runs, target(verifyName), async () => {
    const started = performance.now();
    const result = await ledger.verify(verifyBooks.community);
    const took = seconds(started);
    if (!result.ok || result.transactions * 2 !== postingCount)
      throw new Error(`assertion: the bench's journal verifies (${JSON.stringify(result)})`);
    method(`  ${result.transactions} transactions in ${took.toFixed(2)} s; ${machineLoad()}`);
    return took;
  });
  const scenarioCheck = await ledger.verify(books.community);
  if (!scenarioCheck.ok) throw new Error(`assertion: the scenarios' journal verifies (${JSON.stringify(scenarioCheck)})`);

  await sql('checkpoint');
  const [size] = await sql(
    `select pg_total_relation_size('ledger_postings')::bigint as postings_bytes, pg_total_relation_size('ledger_transactions')::bigint as transactions_bytes,
            (select count(*) from ledger_postings)::bigint as postings`,
  );
  const postingsBytes = Number(size?.postings_bytes);
  const transactionsBytes = Number(size?.transactions_bytes);
  const allPostings = Number(size?.postings);
  method(
    `${prefix}.bytes_per_posting: (pg_total_relation_size(ledger_postings) ${postingsBytes} + pg_total_relation_size(ledger_transactions) ${transactionsBytes}) / ${allPostings} postings; indexes and TOAST included`,
  );
  figure(`${prefix}.bytes_per_posting`, (postingsBytes + transactionsBytes) / allPostings, 'bytes');

  // The books the bench wrote must still be right.
  for (const community of [books.community, verifyBooks.community]) {
    const trial = await ledger.trialBalance(community);
    if (trial.some((line) => line.net !== '0.00' && line.net !== '0'))
      throw new Error(`assertion: the trial balance of ${community} is zero (${JSON.stringify(trial)})`);
  }
  method(`${prefix}: trial balance zero, journal verifies; ${seconds(benchStarted).toFixed(0)} s in all`);
}

/**
 * A fresh database for one run, dropped at the end. Not named linli_t_* like the test
 * fixtures' scratch databases: a CI run drops every linli_t_* database when it ends, and would
 * end a bench running beside it.
 */
async function createBenchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `linli_bench_${randomBytes(6).toString('hex')}`;
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
  };
}

function postingsLabel(count: number): string {
  if (count % 1_000_000 === 0) return `${count / 1_000_000}m`;
  if (count % 1_000 === 0) return `${count / 1_000}k`;
  return String(count);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
