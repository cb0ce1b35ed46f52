// The replication benchmark (`npm run bench:replication`): hour gifts per second through the service
// on a primary with a streaming standby, with asynchronous and with synchronous replication.
//
// What synchronous replication costs: every commit waits until the standby has flushed it. The
// primary and the standby are clusters of the bench's own on this machine (so the standby's disk
// and CPU are this machine's too), the service is the built one with both hosts in its URL, and
// the scenarios alternate (async, sync, async, sync, …) so that other work on the machine weighs
// on both alike. It prints the method as `#` lines and one JSON line per figure.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { checkBooks, createFundedMembers } from '../harness/community.js';
import { startGiftLoad } from '../harness/gift-load.js';
import { isSuccess } from '../harness/http-client.js';
import { createReplicatedPair, setSynchronous, type ReplicatedPair } from '../harness/replication.js';
import { ServiceProcess } from '../harness/service-process.js';
import { figure, median, method, percentile } from './bench-report.js';

/** REPLICATION_BENCH_RUNS: runs of each scenario (at least 2). */
const runs = Math.max(2, Number(process.env['REPLICATION_BENCH_RUNS'] ?? 3));
const runMs = Number(process.env['REPLICATION_BENCH_SECONDS'] ?? 15) * 1000;
const warmupMs = 2_000;
const concurrency = Number(process.env['REPLICATION_BENCH_CONNECTIONS'] ?? 16);
const givers = 16;

async function main(): Promise<void> {
  method(
    [
      `replication benchmark, ${new Date().toISOString()}`,
      `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB memory, Node ${process.version}`,
      'a PostgreSQL 15 primary and a streaming standby (pg_basebackup), both on this machine, default settings (fsync on, synchronous_commit on);',
      'the service (packages/api/dist/server.js, NODE_ENV=production) with both hosts in DATABASE_URL (target_session_attrs=read-write); load from this process',
      `load: POST /api/v1/gifts of 0.01 hours round a ring of ${givers} members, ${concurrency} requests in flight, each on a new connection with a new Idempotency-Key;`,
      `each run: ${warmupMs / 1000} s warm-up, then ${runMs / 1000} s counted; ${runs} runs per scenario, alternating; figure: 2xx answers per second, p50 and p99 latency`,
      "scenarios: async (synchronous_standby_names = '') and sync (synchronous_standby_names = 'FIRST 1 (standby)': a commit waits for the standby's flush)",
    ].join('\n'),
  );
  const pair: ReplicatedPair = await createReplicatedPair('linli');
  let service: ServiceProcess | undefined;
  try {
    service = await ServiceProcess.start({ databaseUrl: pair.serviceUrl, logFile: path.join(pair.primary.folder, 'service.log') });
    const members = await createFundedMembers(service.url, `bench-${randomBytes(3).toString('hex')}`, givers, '2.00');
    const results: Record<'async' | 'sync', number[]> = { async: [], sync: [] };
    for (let run = 1; run <= runs; run += 1) {
      for (const scenario of ['async', 'sync'] as const) {
        await setSynchronous(pair.primary, scenario === 'sync');
        const running = service;
        const load = startGiftLoad({
          baseUrl: () => running.url,
          givers: members,
          concurrency,
          requestsMax: 1_000_000,
          hours: '0.01',
          keyPrefix: `bench-${scenario}-${run}-${randomBytes(3).toString('hex')}`,
        });
        await new Promise((resolve) => setTimeout(resolve, warmupMs + runMs));
        const outcomes = await load.stop();
        const counted = outcomes.filter((outcome) => outcome.sentAtMs >= warmupMs && outcome.answeredAtMs <= warmupMs + runMs);
        const successes = counted.filter((outcome) => isSuccess(outcome.first));
        const latencies = successes.map((outcome) => outcome.answeredAtMs - outcome.sentAtMs).sort((a, b) => a - b);
        const perSecond = successes.length / (runMs / 1000);
        results[scenario].push(perSecond);
        figure(`replication.${scenario}.gifts_per_s`, perSecond, 'gifts/s', {
          run,
          p50_ms: latencies.length === 0 ? null : Math.round(percentile(latencies, 50)),
          p99_ms: latencies.length === 0 ? null : Math.round(percentile(latencies, 99)),
          failures: counted.length - successes.length,
          load_average: os.loadavg().map((value) => Math.round(value * 10) / 10),
        });
      }
    }
    const asyncMedian = median(results.async);
    const syncMedian = median(results.sync);
    figure('replication.async.gifts_per_s', asyncMedian, 'gifts/s', { run: 'median', runs: results.async.map(Math.round) });
    figure('replication.sync.gifts_per_s', syncMedian, 'gifts/s', { run: 'median', runs: results.sync.map(Math.round) });
    figure('replication.sync_over_async', syncMedian / asyncMedian, 'ratio', { run: 'median' });
    const books = await checkBooks(service.url);
    if (!books.trialBalanceZero || !books.verified) throw new Error(`assertion: the books are right after the bench (${books.detail})`);
    method(`books: trial balance zero and the journal verifies (${books.transactions} transactions)`);
  } finally {
    await service?.kill('SIGTERM');
    await pair.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
