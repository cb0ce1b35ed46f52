// The ledger benchmark's scenario of several communities writing at once: what sharding by community buys on one machine.
//
// The ledger writes one community at a time (its writer sends one call per community, and
// linli_apply holds the community's head row lock until commit), and nothing is shared between
// communities but the machine. So K communities written at once are what K shards on one node
// are under Citus, and the rise from 1 to K shows how much of the machine one community leaves
// idle. Run with `LEDGER_BENCH_COMMUNITIES=1,2,4,8` (ledger-bench.ts). It writes two databases side
// by side: one as the migrations leave it, one with migrations/citus/row-level-checks.sql applied,
// the checks a Citus cluster would run (`LEDGER_BENCH_SCHEMA=migrations` or `citus` runs one).
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { Ledger, PostgresStore, type Database } from '@linli/ledger';
import { migrateToLatest } from '@linli/api';
import { readCitusFile, splitStatements } from '../citus/sql-statements.js';
import { figure, machineLoad, median, method, rounded, seconds } from './bench-report.js';
import {
  CountingStore,
  Transfers,
  closedLoop,
  historyBatchSize,
  historyBatchesInFlight,
  loadHistory,
  openBooks,
  type BenchBooks,
} from './ledger-workload.js';

export interface CommunitiesScale {
  /** Transactions (two postings each) in each community's journal before anything is measured. */
  historyTransactions: number;
  warmupMs: number;
  scenarioMs: number;
  runs: number;
}

export type BenchSchema = 'migrations' | 'citus';

/** Reads `LEDGER_BENCH_SCHEMA`: `both` (the default), `migrations` or `citus`. */
export function benchSchemas(text: string | undefined): BenchSchema[] {
  if (text === undefined || text === '' || text === 'both') return ['migrations', 'citus'];
  if (text === 'migrations' || text === 'citus') return [text];
  throw new Error(`LEDGER_BENCH_SCHEMA is both, migrations or citus (got ${text})`);
}

/** As many callers per community as the single-community `post.concurrent` scenario has. */
const callersPerCommunity = 16;
const memberAccounts = 1_000;
/** The warm-up before each measured run after the first round. */
const settleMs = 2_000;
/** The most communities one run writes at once. */
export const communitiesMax = 16;

/** Reads `LEDGER_BENCH_COMMUNITIES=1,2,4,8`: how many communities each point writes at once. */
export function communityCounts(text: string): number[] {
  const counts = text.split(',').map((item) => Number(item.trim()));
  if (counts.length === 0 || counts.some((count) => !Number.isInteger(count) || count < 1 || count > communitiesMax)) {
    throw new Error(`LEDGER_BENCH_COMMUNITIES must list whole numbers from 1 to ${communitiesMax}, e.g. 1,2,4,8 (got ${text})`);
  }
  return counts;
}

/** The machine's CPU time, busy and in all, from /proc/stat (Linux); undefined elsewhere. */
async function machineCpu(): Promise<{ busy: number; total: number } | undefined> {
  try {
    const [line] = (await readFile('/proc/stat', 'utf8')).split('\n');
    const ticks = (line ?? '').trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/**
 * CPU seconds used so far by each backend of this database (/proc/<pid>/stat, utime + stime);
 * empty where /proc cannot be read. The load-independent part of the figures: what a
 * transaction costs the database, whatever else the machine runs.
 */
async function backendCpu(knex: Database['knex']): Promise<Map<number, number>> {
  const result = (await knex.raw(
    `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
  )) as { rows: { pid: number }[] };
  const seconds = new Map<number, number>();
  for (const { pid } of result.rows) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis; utime and stime are fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
    } catch {
      // Not on this machine (a remote server) or already gone.
    }
  }
  return seconds;
}

/** CPU seconds the backends used between two readings; a backend that connected in between counts from zero. */
function cpuUsed(before: Map<number, number>, after: Map<number, number>): number {
  let used = 0;
  for (const [pid, seconds] of after) used += seconds - (before.get(pid) ?? 0);
  return used;
}

/** One database the scenario writes to, with the schema it was given. */
export interface CommunitiesTarget {
  schema: BenchSchema;
  database: Database;
}

interface Prepared {
  schema: BenchSchema;
  /** The figures' prefix: `ledger.communities_4`, or `ledger.row_checks.communities_4` for the Citus schema. */
  prefix: string;
  knex: Database['knex'];
  counting: CountingStore;
  ledger: Ledger;
  communities: { books: BenchBooks; transfers: Transfers }[];
}

/** Migrates a database (and applies the row-level checks for `citus`), opens the communities and loads their history. */
async function prepare(prefix: string, target: CommunitiesTarget, most: number, scale: CommunitiesScale): Promise<Prepared> {
  const knex = target.database.knex;
  await migrateToLatest(knex);
  if (target.schema === 'citus') {
    const checks = await readCitusFile('row-level-checks.sql');
    await knex.transaction(async (trx) => {
      for (const statement of await splitStatements(checks)) await trx.raw(statement);
    });
  }
  const counting = new CountingStore(new PostgresStore(knex, target.database.kind));
  const ledger = new Ledger({ store: counting.wrap() });
  const communities: Prepared['communities'] = [];
  for (let index = 1; index <= most; index += 1) {
    const books = await openBooks(ledger, `bench-c${index}`, memberAccounts, 0);
    communities.push({ books, transfers: new Transfers(books, `c${index}`, 100 + index) });
  }
  const started = performance.now();
  await Promise.all(communities.map(({ books, transfers }) => loadHistory(ledger, books, transfers, scale.historyTransactions)));
  const took = seconds(started);
  await knex.raw('analyze');
  method(
    `${target.schema === 'citus' ? 'schema with the row-level checks' : 'schema of the migrations'}: ${most} × ${scale.historyTransactions} transactions of history in linked batches of ${historyBatchSize} (${historyBatchesInFlight} in flight per community) in ${took.toFixed(1)} s (${Math.round((most * scale.historyTransactions) / took)} transactions/s); then ANALYZE`,
  );
  return {
    schema: target.schema,
    prefix: target.schema === 'citus' ? `${prefix}.row_checks` : prefix,
    knex,
    counting,
    ledger,
    communities,
  };
}

/** One run: every active community's callers for `durationMs`; transactions of each community. */
async function run(prepared: Prepared, count: number, durationMs: number): Promise<{ transactions: number; seconds: number }[]> {
  return Promise.all(
    prepared.communities.slice(0, count).map(({ transfers }) =>
      closedLoop(callersPerCommunity, durationMs, async () => {
        await prepared.ledger.post(transfers.member());
        return 1;
      }),
    ),
  );
}

/** A measured run: prints what it saw and returns the rate and the database's CPU per transaction. */
async function measure(prepared: Prepared, count: number, durationMs: number): Promise<{ rate: number; backendMicroseconds: number }> {
  prepared.counting.reset();
  const cpuBefore = await machineCpu();
  const backendsBefore = await backendCpu(prepared.knex);
  const processBefore = process.cpuUsage();
  const results = await run(prepared, count, durationMs);
  const processUsed = process.cpuUsage(processBefore);
  const backendsUsed = cpuUsed(backendsBefore, await backendCpu(prepared.knex));
  const cpuAfter = await machineCpu();
  const wall = Math.max(...results.map((result) => result.seconds));
  const rates = results.map((result) => result.transactions / result.seconds);
  const total = results.reduce((sum, result) => sum + result.transactions, 0);
  const busy =
    cpuBefore === undefined || cpuAfter === undefined
      ? 'unknown'
      : `${(((cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total)) * 100).toFixed(0)}%`;
  const processSeconds = (processUsed.user + processUsed.system) / 1_000_000;
  const micro = (cpuSeconds: number): number => (cpuSeconds / total) * 1_000_000;
  method(
    `  ${prepared.prefix}.communities_${count}: ${total} transactions in ${wall.toFixed(2)} s; per community ${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}/s; ${prepared.counting.calls} store calls, ${prepared.counting.meanBatch().toFixed(1)} operations per call; ` +
      `CPU per transaction: database backends ${micro(backendsUsed).toFixed(0)} µs, this process ${micro(processSeconds).toFixed(0)} µs; machine CPU busy ${busy} (this process ${((processSeconds / wall / os.cpus().length) * 100).toFixed(0)}%); ${machineLoad()}`,
  );
  return { rate: total / wall, backendMicroseconds: micro(backendsUsed) };
}

/**
 * Every count on every target, round after round: each round runs each (count, schema) once, so
 * that the machine's load, which other work changes from minute to minute, falls on all of them
 * alike instead of on whichever ran last. The figures come at the end, a median per point.
 */
export async function benchCommunities(
  prefix: string,
  targets: readonly CommunitiesTarget[],
  scale: CommunitiesScale,
  counts: readonly number[],
): Promise<void> {
  const started = performance.now();
  const most = Math.max(...counts);
  method(
    [
      `== ${prefix}: communities writing at once (${counts.join(', ')}), PostgreSQL server; schemas: ${targets.map((target) => (target.schema === 'citus' ? 'the migrations then migrations/citus/row-level-checks.sql (figures ledger.row_checks.*)' : 'the migrations (figures ledger.*)')).join('; ')}, each in a database of its own`,
      `each community: ${memberAccounts} member hour accounts, ${callersPerCommunity} callers each posting one transaction at a time between two random members of it; one Ledger per database (one store call in flight per community)`,
      `history: ${scale.historyTransactions} transactions per community, loaded for all ${most} communities at once, then ANALYZE; scale ${JSON.stringify(scale)}`,
      `${scale.runs} rounds; each runs every (communities, schema) point once for ${scale.scenarioMs / 1000} s, after a warm-up of ${scale.warmupMs / 1000} s in the first round and ${settleMs / 1000} s in the others`,
      "figure: transactions/s of all the communities together, and the database backends' CPU per transaction (/proc/<pid>/stat, the part that does not move with the machine's load); each run also gives the slowest and fastest community, this process's CPU and the machine's busy share (/proc/stat)",
    ].join('\n'),
  );
  const prepared: Prepared[] = [];
  for (const target of targets) prepared.push(await prepare(prefix, target, most, scale));

  const results = new Map<string, { rate: number; backendMicroseconds: number }[]>();
  for (let round = 1; round <= scale.runs; round += 1) {
    method(`round ${round}`);
    for (const count of counts) {
      for (const each of prepared) {
        // The pool closes connections idle for 30 s, and the two databases share the cache: a
        // short run first reopens them and brings this database's pages back, so the measured run
        // pays for neither.
        await run(each, count, round === 1 ? scale.warmupMs : settleMs);
        const key = `${each.prefix}.communities_${count}`;
        results.set(key, [...(results.get(key) ?? []), await measure(each, count, scale.scenarioMs)]);
      }
    }
  }
  for (const [key, values] of results) {
    values.forEach((value, index) => figure(key, value.rate, 'transactions/s', { run: index + 1 }));
    figure(key, median(values.map((value) => value.rate)), 'transactions/s', {
      run: 'median',
      runs: values.map((value) => rounded(value.rate)),
    });
    figure(`${key}.backend_us_per_transaction`, median(values.map((value) => value.backendMicroseconds)), 'µs', {
      run: 'median',
      runs: values.map((value) => rounded(value.backendMicroseconds)),
    });
  }

  // The books the bench wrote must still be right.
  for (const each of prepared) {
    for (const { books } of each.communities) {
      const verified = await each.ledger.verify(books.community);
      if (!verified.ok)
        throw new Error(`assertion: the journal of ${books.community} (${each.schema}) verifies (${JSON.stringify(verified)})`);
      const trial = await each.ledger.trialBalance(books.community);
      if (trial.some((line) => line.net !== '0.00'))
        throw new Error(`assertion: the trial balance of ${books.community} (${each.schema}) is zero (${JSON.stringify(trial)})`);
    }
  }
  method(
    `${prefix}: every community's journal verifies and its trial balance is zero, on each schema; ${seconds(started).toFixed(0)} s in all`,
  );
}
