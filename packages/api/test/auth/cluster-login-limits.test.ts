import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/http-errors.js';
import { clusterLoginLimiter, serveClusterLoginLimits, type ClusterChannel } from '../../src/auth/cluster-login-limits.js';
import { LoginLimiter, type LoginDecision, type LoginLimiterPort, type LoginLimits } from '../../src/auth/login-limiter.js';

const limits: LoginLimits = {
  perUsernameAndAddress: { limit: 2, windowMs: 60_000, keysMax: 100 },
  perUsername: { limit: 3, windowMs: 60_000, keysMax: 100 },
  perAddress: { limit: 4, windowMs: 60_000, keysMax: 100 },
  knownAddresses: { rememberMs: 600_000, keysMax: 100 },
};

/** A primary and `workers` workers joined by in-memory channels that deliver asynchronously, as IPC does. */
function cluster(workers: number, now: () => number): LoginLimiterPort[] {
  const primary = new EventEmitter();
  serveClusterLoginLimits((listener) => primary.on('message', listener), limits, now);
  return Array.from({ length: workers }, () => {
    const worker = new EventEmitter();
    const channel: ClusterChannel = {
      send: (message, callback) => {
        setImmediate(() => {
          primary.emit('message', { send: (answer: unknown) => setImmediate(() => worker.emit('message', answer)) }, message);
          callback(null);
        });
        return true;
      },
      on: (event, listener) => worker.on(event, listener),
    };
    return clusterLoginLimiter(channel);
  });
}

const attempt = (username: string, address: string) => ({ community: 'xianlin', username, address });

describe('login limits kept by the cluster primary', () => {
  it('decides over all workers as one limiter: failures per username and address, refunds and known addresses shared', async () => {
    let clock = 1_000_000;
    const workers = cluster(3, () => clock);
    const on = (index: number): LoginLimiterPort => workers[index % 3] as LoginLimiterPort;
    const decisions: LoginDecision[] = [];
    for (let index = 0; index < 4; index += 1) decisions.push(await on(index).begin(attempt('wang-ayi', '10.0.0.1')));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false, false]);
    expect(decisions[2]).toEqual({ allowed: false, retryAfterSeconds: 60 });

    // A right password told to one worker takes the attempt back and makes the address known to all.
    const right = await on(0).begin(attempt('member', '10.0.0.2'));
    if (!right.allowed) throw new Error('the first attempt was refused');
    await on(1).finish(right.ticket, 'password_accepted');
    for (let index = 0; index < limits.perAddress.limit; index += 1)
      expect((await on(index).begin(attempt(`nobody-${index}`, '10.0.0.2'))).allowed).toBe(true);
    expect((await on(1).begin(attempt('li-shifu', '10.0.0.2'))).allowed).toBe(false);
    expect((await on(2).begin(attempt('member', '10.0.0.2'))).allowed).toBe(true);

    // Concurrent attempts: the primary answers one at a time, so still exactly the limit.
    const together = await Promise.all(Array.from({ length: 9 }, (_, index) => on(index).begin(attempt('zhao-daye', '10.0.0.9'))));
    expect(together.filter((decision) => decision.allowed)).toHaveLength(limits.perUsernameAndAddress.limit);
    clock += 60_001;
    expect((await on(2).begin(attempt('wang-ayi', '10.0.0.1'))).allowed).toBe(true);
  });

  it('gives the decisions of one process’s limiter for any sequence of attempts, wherever each lands', async () => {
    const usernames = ['member', 'wang-ayi', 'li-shifu'];
    const addresses = ['10.0.0.1', '10.0.0.2', '2001:db8::1', '2001:db8::2'];
    const step = fc.record({
      worker: fc.nat(2),
      username: fc.constantFrom(...usernames),
      address: fc.constantFrom(...addresses),
      right: fc.boolean(),
      advanceMs: fc.constantFrom(0, 0, 1_000, 30_000),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        let clock = 5_000_000;
        const workers = cluster(3, () => clock);
        const single = new LoginLimiter(limits, () => clock);
        for (const { worker, username, address, right, advanceMs } of steps) {
          clock += advanceMs;
          const expected = single.begin(attempt(username, address));
          const actual = await (workers[worker] as LoginLimiterPort).begin(attempt(username, address));
          expect(actual).toEqual(expected);
          if (right && expected.allowed && actual.allowed) {
            single.finish(expected.ticket, 'password_accepted');
            await (workers[(worker + 1) % 3] as LoginLimiterPort).finish(actual.ticket, 'password_accepted');
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses with 503 not_ready when the primary does not answer in time or the channel is gone', async () => {
    const silent = clusterLoginLimiter({ send: (_message, callback) => (callback(null), true), on: () => undefined }, 50);
    const refusal = await Promise.resolve(silent.begin(attempt('member', '10.0.0.1'))).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'not_ready', headers: { 'Retry-After': '1' } });
    // A finish not answered is given up without failing the login it follows.
    await expect(
      Promise.resolve(silent.finish({ account: 'xianlin\nmember', address: '10.0.0.1', at: 0, known: false }, 'password_accepted')),
    ).resolves.toBeUndefined();

    const closed = clusterLoginLimiter(
      { send: (_message, callback) => (callback(new Error('channel closed')), false), on: () => undefined },
      60_000,
    );
    await expect(Promise.resolve(closed.begin(attempt('member', '10.0.0.1')))).rejects.toMatchObject({ code: 'not_ready' });
  });

  it('refuses an attempt with fields longer than any username or address without counting it', async () => {
    const [worker] = cluster(1, () => 0);
    expect((await worker?.begin(attempt('x'.repeat(2_000), '10.0.0.1')))?.allowed).toBe(false);
    expect((await worker?.begin(attempt('member', '10.0.0.1')))?.allowed).toBe(true);
  });
});
