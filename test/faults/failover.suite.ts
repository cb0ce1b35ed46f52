// The failover suite (`npm run test:failover`): a primary and a synchronous streaming standby of
// the suite's own, the service on both hosts (target_session_attrs=read-write) under gifts; the
// primary is killed and the standby promoted, and the service must write again by itself within
// seconds, answering 503 with Retry-After meanwhile, with every gift answered 2xx on the new
// primary exactly once.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBooks, createFundedMembers, type Member } from '../harness/community.js';
import { longestWithoutSuccessSeconds, resendAll, startGiftLoad, tally, type GiftOutcome } from '../harness/gift-load.js';
import { isSuccess } from '../harness/http-client.js';
import { checkJournal } from '../harness/journal-checks.js';
import { sleep } from '../harness/phases.js';
import { createReplicatedPair, setSynchronous, type ReplicatedPair } from '../harness/replication.js';
import { ServiceProcess } from '../harness/service-process.js';

const concurrency = 8;
const requestsMax = 20_000;
const givers = 6;
const fundingHours = '2.00';
const giftHours = '0.01';
/** Load before the primary is killed. */
const steadyMs = 5_000;
/** An operator's (or a supervisor's) time to notice the dead primary and promote the standby. */
const promoteAfterMs = 1_000;
/** The service must write again within this of the promotion, without a restart. */
const resumeWithinSeconds = 10;
/** Load after writes resumed. */
const settleMs = 3_000;
/** A request unanswered after this is a hang. */
const requestTimeoutMs = 10_000;
const retryWindowMs = 5_000;

describe('failover: the primary dies and its synchronous standby is promoted under load of gifts', () => {
  let pair: ReplicatedPair | undefined;
  let service: ServiceProcess | undefined;
  let members: Member[];

  beforeAll(async () => {
    pair = await createReplicatedPair('linli');
    await setSynchronous(pair.primary, true);
    service = await ServiceProcess.start({ databaseUrl: pair.serviceUrl, logFile: path.join(pair.primary.folder, 'service.log') });
    members = await createFundedMembers(service.url, `failover-${randomBytes(3).toString('hex')}`, givers, fundingHours);
  });

  afterAll(async () => {
    await service?.kill();
    await pair?.remove();
  });

  it('writes again on the promoted standby within seconds, without a restart, and keeps every write answered 2xx exactly once', async () => {
    const running = service as ServiceProcess;
    const { primary, standby } = pair as ReplicatedPair;
    const pid = running.pid;
    const load = startGiftLoad({
      baseUrl: () => running.url,
      givers: members,
      concurrency,
      requestsMax,
      hours: giftHours,
      keyPrefix: `failover-${randomBytes(4).toString('hex')}`,
      timeoutMs: requestTimeoutMs,
    });
    let outcomes: GiftOutcome[] = [];
    let killedAtMs = 0;
    let promotedAtMs = 0;
    let resumedAtMs: number | undefined;
    try {
      await sleep(steadyMs);
      killedAtMs = load.elapsedMs();
      await primary.killPostmaster();
      await sleep(promoteAfterMs);
      await standby.promote();
      promotedAtMs = load.elapsedMs();
      const deadline = performance.now() + 30_000;
      while (performance.now() < deadline && load.successesSince(promotedAtMs) === 0) await sleep(100);
      if (load.successesSince(promotedAtMs) > 0) resumedAtMs = load.elapsedMs();
      await sleep(settleMs);
    } finally {
      outcomes = await load.stop();
    }

    const beforeKill = outcomes.filter((outcome) => outcome.answeredAtMs <= killedAtMs && isSuccess(outcome.first));
    const duringSwitch = outcomes.filter(
      (outcome) => outcome.answeredAtMs > killedAtMs && (resumedAtMs === undefined || outcome.sentAtMs < resumedAtMs),
    );
    const resendStarted = performance.now();
    await resendAll(outcomes, { baseUrl: running.url, retryWindowMs, concurrency });
    const figures = await checkJournal(standby.url('linli'), outcomes);
    const lostBeforeKill = (await checkJournal(standby.url('linli'), beforeKill)).lost;
    const books = await checkBooks(running.url);
    const withoutWrites = longestWithoutSuccessSeconds(outcomes);

    console.log(
      [
        '',
        'Failover run (primary SIGKILL, synchronous standby promoted; the service on both hosts, target_session_attrs=read-write):',
        `  primary killed at ${(killedAtMs / 1000).toFixed(1)} s into the load, standby promoted at ${(promotedAtMs / 1000).toFixed(1)} s, writes answered again at ${resumedAtMs === undefined ? 'never' : `${(resumedAtMs / 1000).toFixed(1)} s`}`,
        `  answers during the switch: ${JSON.stringify(tally(duringSwitch.map((outcome) => outcome.first)))}`,
        `  resend of every key: ${((performance.now() - resendStarted) / 1000).toFixed(1)} s; final answers ${JSON.stringify(tally(outcomes.flatMap((outcome) => (outcome.resent === undefined ? [] : [outcome.resent]))))}`,
        `  writes answered ${figures.successes} (${beforeKill.length} before the kill), lost ${figures.lost} (before the kill: ${lostBeforeKill}), doubled ${figures.doubled}, seconds without writes ${withoutWrites.toFixed(1)}` +
          ` (requests ${figures.requests}, failures ${figures.failures}, stuck ${figures.stuck}, 5xx other than 503: ${figures.serverErrors}, 503 without Retry-After: ${figures.unavailableWithoutRetryAfter}, changed answers: ${figures.changedAnswers})`,
        `  books on the new primary: trial balance ${books.trialBalanceZero ? 'zero' : 'NOT zero'}, tamper check ${books.verified ? 'passes' : 'FAILS'} (${books.transactions} transactions); service pid ${pid} → ${running.pid}`,
        '',
      ].join('\n'),
    );

    // The same process wrote again by itself, within seconds of the promotion.
    expect(running.pid).toBe(pid);
    expect(resumedAtMs, 'writes resumed after the promotion').toBeDefined();
    expect(((resumedAtMs as number) - promotedAtMs) / 1000).toBeLessThanOrEqual(resumeWithinSeconds);
    expect(beforeKill.length).toBeGreaterThan(0);
    expect({
      lost: figures.lost,
      lostBeforeKill,
      doubled: figures.doubled,
      stuck: figures.stuck,
      unanswered: figures.unanswered,
      changedAnswers: figures.changedAnswers,
      wrongTransaction: figures.wrongTransaction,
    }).toEqual({
      lost: 0,
      lostBeforeKill: 0,
      doubled: 0,
      stuck: 0,
      unanswered: 0,
      changedAnswers: 0,
      wrongTransaction: 0,
    });
    // During the switch the service answers 503 with Retry-After: never a 500, a hang or a dropped connection.
    const networkErrors = outcomes.filter((outcome) => outcome.first.kind === 'network').length;
    expect({
      serverErrors: figures.serverErrors,
      unavailableWithoutRetryAfter: figures.unavailableWithoutRetryAfter,
      networkErrors,
    }).toEqual({ serverErrors: 0, unavailableWithoutRetryAfter: 0, networkErrors: 0 });
    expect(books.trialBalanceZero, books.detail).toBe(true);
    expect(books.verified, books.detail).toBe(true);
  });
});
