// The ledger benchmark's scenario of several communities writing at once: what sharding by community buys on one machine.
//
// The ledger writes one community at a time (its writer sends one call per community, and
// linli_apply holds the community's head row lock until commit), and nothing is shared between
// communities but the machine. So K communities written at once are what K shards on one node
// are under Citus, and the rise from 1 to K shows how much of the machine one community leaves
// idle. Run with `LEDGER_BENCH_COMMUNITIES=1,2,4,8` (ledger-bench.ts); `LEDGER_BENCH_SCHEMA=citus`
// first applies migrations/citus/row-level-checks.sql, the checks a Citus cluster would run.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { Ledger, PostgresStore, type Database } from '@linli/ledger';
import { migrateToLatest } from '@linli/migrations';
import { readCitusFile, splitStatements } from '../citus/sql-statements.js';
import { machineLoad, method, repeat, seconds } from './bench-report.js';
import { CountingStore, Transfers, closedLoop, historyBatchSize, historyBatchesInFlight, loadHistory, openBooks, type BenchBooks } from './ledger-workload.js';

export interface CommunitiesScale {
  /** Transactions (two postings each) in each community's journal before anything is measured. */
  historyTransactions: number;
  warmupMs: number;
  scenarioMs: number;
  runs: number;
}

export type BenchSchema = 'migrations' | 'citus';

/** As many callers per community as the single-community `post.concurrent` scenario has. */
const callersPerCommunity = 16;
const memberAccounts = 1_000;
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
  const result = (await knex.raw(`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`)) as { rows: { pid: number }[] };
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

function cpuUsed(before: Map<number, number>, after: Map<number, number>): number {
  let used = 0;
  for (const [pid, seconds] of after) used += seconds - (before.get(pid) ?? seconds);
  return used;
}

export async function benchCommunities(prefix: string, database: Database, scale: CommunitiesScale, counts: readonly number[], schema: BenchSchema): Promise<void> {
  const knex = database.knex;
  const started = performance.now();
  await migrateToLatest(knex);
  if (schema === 'citus') {
    const checks = await readCitusFile('row-level-checks.sql');
    await knex.transaction(async (trx) => {
      for (const statement of await splitStatements(checks)) await trx.raw(statement);
    });
  }
  const most = Math.max(...counts);
  method(
    [
      `== ${prefix}: communities writing at once (${counts.join(', ')}), PostgreSQL server, schema: ${schema === 'citus' ? 'migrations then migrations/citus/row-level-checks.sql' : 'the migrations'}`,
      `each community: ${memberAccounts} member hour accounts, ${callersPerCommunity} callers each posting one transaction at a time between two random members of it; one Ledger for all (one store call in flight per community)`,
      `history: ${scale.historyTransactions} transactions per community, loaded for all ${most} communities at once, then ANALYZE; scale ${JSON.stringify(scale)}`,
      'figure: transactions/s of all the communities together; each run also gives the slowest and fastest community, the CPU per transaction of the database backends (/proc/<pid>/stat) and of this process, and the machine\'s CPU busy share (/proc/stat)',
    ].join('\n'),
  );

  const counting = new CountingStore(new PostgresStore(knex, database.kind));
  const ledger = new Ledger({ store: counting.wrap() });
  const communities: { books: BenchBooks; transfers: Transfers }[] = [];
  for (let index = 1; index <= most; index += 1) {
    const books = await openBooks(ledger, `bench-c${index}`, memberAccounts, 0);
    communities.push({ books, transfers: new Transfers(books, `c${index}`, 100 + index) });
  }
  const historyStarted = performance.now();
  await Promise.all(communities.map(({ books, transfers }) => loadHistory(ledger, books, transfers, scale.historyTransactions)));
  const historySeconds = seconds(historyStarted);
  await knex.raw('analyze');
  method(
    `history: ${most} × ${scale.historyTransactions} transactions in linked batches of ${historyBatchSize} (${historyBatchesInFlight} in flight per community) in ${historySeconds.toFixed(1)} s (${Math.round((most * scale.historyTransactions) / historySeconds)} transactions/s); then ANALYZE`,
  );

  /** One run: every community's callers for `durationMs`; transactions of each community. */
  const run = async (count: number, durationMs: number) => {
    const active = communities.slice(0, count);
    return Promise.all(
      active.map(({ transfers }) =>
        closedLoop(callersPerCommunity, durationMs, async () => {
          await ledger.post(transfers.member());
          return 1;
        }),
      ),
    );
  };

  for (const count of counts) {
    const name = `${prefix}.communities_${count}`;
    method(`${name}: ${count} communit${count === 1 ? 'y' : 'ies'} × ${callersPerCommunity} callers; warm-up ${scale.warmupMs / 1000} s, then ${scale.runs} runs of ${scale.scenarioMs / 1000} s each`);
    await run(count, scale.warmupMs);
    await repeat(name, 'transactions/s', scale.runs, undefined, async () => {
      counting.reset();
      const cpuBefore = await machineCpu();
      const backendsBefore = await backendCpu(knex);
      const processBefore = process.cpuUsage();
      const results = await run(count, scale.scenarioMs);
      const processUsed = process.cpuUsage(processBefore);
      const backendsUsed = cpuUsed(backendsBefore, await backendCpu(knex));
      const cpuAfter = await machineCpu();
      const wall = Math.max(...results.map((result) => result.seconds));
      const rates = results.map((result) => result.transactions / result.seconds);
      const total = results.reduce((sum, result) => sum + result.transactions, 0);
      const busy = cpuBefore === undefined || cpuAfter === undefined ? 'unknown' : `${(((cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total)) * 100).toFixed(0)}%`;
      const processSeconds = (processUsed.user + processUsed.system) / 1_000_000;
      const perTransaction = (cpuSeconds: number): string => `${((cpuSeconds / total) * 1_000_000).toFixed(0)} µs`;
      method(
        `  ${total} transactions in ${wall.toFixed(2)} s; per community ${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}/s; ${counting.calls} store calls, ${counting.meanBatch().toFixed(1)} operations per call; ` +
          `CPU per transaction: database backends ${perTransaction(backendsUsed)}, this process ${perTransaction(processSeconds)}; machine CPU busy ${busy} (this process ${((processSeconds / wall / os.cpus().length) * 100).toFixed(0)}%); ${machineLoad()}`,
      );
      return total / wall;
    });
  }

  // The books the bench wrote must still be right.
  for (const { books } of communities) {
    const verified = await ledger.verify(books.community);
    if (!verified.ok) throw new Error(`assertion: the journal of ${books.community} verifies (${JSON.stringify(verified)})`);
    const trial = await ledger.trialBalance(books.community);
    if (trial.some((line) => line.net !== '0.00')) throw new Error(`assertion: the trial balance of ${books.community} is zero (${JSON.stringify(trial)})`);
  }
  method(`${prefix}: every community's journal verifies and its trial balance is zero; ${seconds(started).toFixed(0)} s in all`);
}
