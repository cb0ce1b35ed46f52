// The fault suite (`npm run test:faults`): the service as deployed, on a PostgreSQL cluster of its
// own, under concurrent gifts with unique keys, while the service is killed and restarted and
// PostgreSQL is restarted, stopped for 15 s and has its postmaster killed; then every key is sent
// again, and the journal must hold every gift answered 2xx exactly once, with no key stuck.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBooks, createFundedMembers, type Member } from '../harness/community.js';
import { resendAll, startGiftLoad, tally, type GiftOutcome } from '../harness/gift-load.js';
import { requestJson } from '../harness/http-client.js';
import { checkJournal } from '../harness/journal-checks.js';
import { sleep, Timeline } from '../harness/phases.js';
import { PostgresCluster } from '../harness/postgres-cluster.js';
import { ServiceProcess } from '../harness/service-process.js';

/** Bounds of the load: senders at once, and at most this many gifts in all. */
const concurrency = 8;
const requestsMax = 20_000;
const givers = 6;
/** Each giver starts with this many hours and gives 0.01 at a time round a ring, so none runs out. */
const fundingHours = '2.00';
const giftHours = '0.01';
/** How long PostgreSQL stays stopped in the outage phase. */
const outageMs = 15_000;
/** After each repair, how long writing may take to come back before the phase gives up waiting. */
const recoveryMaxMs = 30_000;
/** Load after each recovery, before the next fault. */
const settleMs = 2_000;
/** A client retries one key this long (honouring Retry-After) before calling it stuck. */
const retryWindowMs = 5_000;

describe('faults: the service and its database fail under load of gifts', () => {
  let cluster: PostgresCluster;
  let service: ServiceProcess | undefined;
  let members: Member[];
  const databaseName = 'linli';

  beforeAll(async () => {
    cluster = await PostgresCluster.create({ name: 'faults' });
    await cluster.start();
    await cluster.createDatabase(databaseName);
    service = await ServiceProcess.start({ databaseUrl: cluster.url(databaseName), logFile: path.join(cluster.folder, 'service.log') });
    members = await createFundedMembers(service.url, `fault-${randomBytes(3).toString('hex')}`, givers, fundingHours);
  });

  afterAll(async () => {
    await service?.kill();
    await cluster?.remove();
  });

  it('answers 2xx only for gifts in the journal exactly once, and leaves no key stuck, through kills, restarts and an outage', async () => {
    const running = service as ServiceProcess;
    const load = startGiftLoad({
      baseUrl: () => running.url,
      givers: members,
      concurrency,
      requestsMax,
      hours: giftHours,
      keyPrefix: `gift-${randomBytes(4).toString('hex')}`,
    });
    const timeline = new Timeline(load);
    const log: string[] = [];
    let outcomes: GiftOutcome[] = [];
    try {
      await timeline.phase('steady load', () => sleep(3_000), { recoveryMaxMs, settleMs: 0 });
      await timeline.phase(
        'service SIGKILL, restarted',
        async () => {
          await running.kill('SIGKILL');
          await running.start();
        },
        { recoveryMaxMs, settleMs },
      );
      await timeline.phase('PostgreSQL restarted (fast)', () => cluster.restart(), { recoveryMaxMs, settleMs });
      await timeline.phase(
        `PostgreSQL stopped ${outageMs / 1000} s`,
        async () => {
          await cluster.stop('fast');
          await sleep(outageMs);
          await cluster.start();
        },
        { recoveryMaxMs, settleMs },
      );
      await timeline.phase(
        'postmaster SIGKILL, crash recovery',
        async () => {
          const { orphansKilled } = await cluster.killPostmaster();
          log.push(`postmaster killed; ${orphansKilled} backends outlived it by 5 s and were killed`);
          await cluster.start();
        },
        { recoveryMaxMs, settleMs },
      );
    } finally {
      outcomes = await load.stop();
    }

    // Every key again, as a client that never saw its answer, once the service is ready.
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const ready = await requestJson(running.url, 'GET', '/readyz');
      if (ready.kind === 'response' && ready.status === 200) break;
      await sleep(200);
    }
    const resendStarted = performance.now();
    await resendAll(outcomes, { baseUrl: running.url, retryWindowMs, concurrency });
    const figures = await checkJournal(cluster.url(databaseName), outcomes);
    const books = await checkBooks(running.url);

    console.log(
      [
        '',
        'Fault run (service as deployed on its own PostgreSQL 15 cluster):',
        ...timeline.report(outcomes).map((line) => `  ${line}`),
        ...log.map((line) => `  ${line}`),
        `  resend of every key: ${((performance.now() - resendStarted) / 1000).toFixed(1)} s; final answers ${JSON.stringify(tally(outcomes.flatMap((outcome) => (outcome.resent === undefined ? [] : [outcome.resent]))))}`,
        `  requests ${figures.requests}, 2xx ${figures.successes}, failures ${figures.failures}, lost ${figures.lost}, doubled ${figures.doubled}, stuck ${figures.stuck}` +
          ` (5xx other than 503: ${figures.serverErrors}; 503 without Retry-After: ${figures.unavailableWithoutRetryAfter}; unanswered after resend: ${figures.unanswered}; changed answers: ${figures.changedAnswers}; wrong transaction: ${figures.wrongTransaction}; idempotency rows in flight: ${figures.inFlightRows})`,
        `  books: trial balance ${books.trialBalanceZero ? 'zero' : 'NOT zero'}, tamper check ${books.verified ? 'passes' : 'FAILS'} (${books.transactions} transactions)`,
        '',
      ].join('\n'),
    );

    expect(timeline.phases.map((phase) => [phase.name, phase.recoverySeconds !== undefined])).toEqual(
      timeline.phases.map((phase) => [phase.name, true]),
    );
    expect(figures.successes).toBeGreaterThan(0);
    expect({
      lost: figures.lost,
      doubled: figures.doubled,
      stuck: figures.stuck,
      unanswered: figures.unanswered,
      changedAnswers: figures.changedAnswers,
      wrongTransaction: figures.wrongTransaction,
    }).toEqual({
      lost: 0,
      doubled: 0,
      stuck: 0,
      unanswered: 0,
      changedAnswers: 0,
      wrongTransaction: 0,
    });
    // While PostgreSQL is away the service says so (503 with Retry-After), never a 500.
    expect({ serverErrors: figures.serverErrors, unavailableWithoutRetryAfter: figures.unavailableWithoutRetryAfter }).toEqual({
      serverErrors: 0,
      unavailableWithoutRetryAfter: 0,
    });
    expect(books.trialBalanceZero, books.detail).toBe(true);
    expect(books.verified, books.detail).toBe(true);
  });
});
