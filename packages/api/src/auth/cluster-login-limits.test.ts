import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http-errors.js';
import { clusterLoginLimiters, serveClusterLoginLimits, type ClusterChannel } from './cluster-login-limits.js';

const limits = {
  perAddress: { limit: 3, windowMs: 60_000, keysMax: 100 },
  perUsername: { limit: 2, windowMs: 60_000, keysMax: 100 },
};

/** A primary and `workers` workers joined by in-memory channels that deliver asynchronously, as IPC does. */
function cluster(workers: number, now: () => number) {
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
    return clusterLoginLimiters(channel);
  });
}

describe('login limits kept by the cluster primary', () => {
  it('allows exactly the limit per key over all workers, and each kind on its own', async () => {
    let clock = 1_000_000;
    const workers = cluster(3, () => clock);
    const decisions = [];
    for (let attempt = 0; attempt < 6; attempt += 1) decisions.push(await workers[attempt % 3]?.perUsername.hit('xianlin\nwang-ayi'));
    expect(decisions.map((decision) => decision?.allowed)).toEqual([true, true, false, false, false, false]);
    expect(decisions[2]?.retryAfterSeconds).toBe(60);
    // Another kind and another key count apart.
    expect((await workers[0]?.perAddress.hit('xianlin\nwang-ayi'))?.allowed).toBe(true);
    expect((await workers[1]?.perUsername.hit('xianlin\nmember'))?.allowed).toBe(true);
    // Concurrent attempts: the primary answers one at a time, so still exactly the limit.
    const together = await Promise.all(Array.from({ length: 9 }, (_, index) => workers[index % 3]?.perAddress.hit('10.0.0.9')));
    expect(together.filter((decision) => decision?.allowed)).toHaveLength(limits.perAddress.limit);
    clock += 60_001;
    expect((await workers[2]?.perUsername.hit('xianlin\nwang-ayi'))?.allowed).toBe(true);
  });

  it('refuses with 503 not_ready when the primary does not answer in time or the channel is gone', async () => {
    const silent = clusterLoginLimiters({ send: (_message, callback) => (callback(null), true), on: () => undefined }, 50);
    const refusal = await Promise.resolve(silent.perUsername.hit('xianlin\nmember')).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'not_ready', headers: { 'Retry-After': '1' } });

    const closed = clusterLoginLimiters({ send: (_message, callback) => (callback(new Error('channel closed')), false), on: () => undefined }, 60_000);
    await expect(Promise.resolve(closed.perAddress.hit('10.0.0.1'))).rejects.toMatchObject({ code: 'not_ready' });
  });

  it('refuses a key longer than any username or address without counting it', async () => {
    const [worker] = cluster(1, () => 0);
    expect((await worker?.perUsername.hit('x'.repeat(2_000)))?.allowed).toBe(false);
  });
});
