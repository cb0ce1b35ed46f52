// One login count for a whole cluster: the primary keeps the sliding windows, and every worker
// asks it over the cluster's IPC channel before each login attempt.
//
// Per-worker counters cannot keep the limit's promise: each worker allowing its share lets the
// total exceed the limit as soon as the share is rounded up to one, and locks out a user early
// whose keep-alive connection sticks to one worker. A question to the primary is a local message
// (well under a millisecond) beside a login's scrypt (tens of milliseconds).
import type { Worker } from 'node:cluster';
import { ApiError } from '../http-errors.js';
import type { LoginLimits } from '../deps.js';
import { SlidingWindowLimiter, type LimitDecision } from './sliding-window-limiter.js';

/** What counts login attempts for one key kind; in process or, in a cluster, in the primary. */
export interface HitCounter {
  hit(key: string): LimitDecision | Promise<LimitDecision>;
}

export type LoginLimitKind = 'perAddress' | 'perUsername';

const kinds: readonly LoginLimitKind[] = ['perAddress', 'perUsername'];

/** How long a worker waits for the primary's answer before refusing the attempt. */
export const clusterLimitTimeoutMs = 2_000;

/** Longer keys are not counted but refused: a username or address is far shorter. */
const keyLengthMax = 1_024;

interface HitQuestion {
  type: 'linli.loginLimit.hit';
  id: number;
  kind: LoginLimitKind;
  key: string;
}

interface HitAnswer {
  type: 'linli.loginLimit.decision';
  id: number;
  decision: LimitDecision;
}

function isQuestion(message: unknown): message is HitQuestion {
  if (typeof message !== 'object' || message === null) return false;
  const { type, id, kind, key } = message as Record<string, unknown>;
  return type === 'linli.loginLimit.hit' && Number.isSafeInteger(id) && kinds.includes(kind as LoginLimitKind) && typeof key === 'string';
}

function isAnswer(message: unknown): message is HitAnswer {
  if (typeof message !== 'object' || message === null) return false;
  const { type, id, decision } = message as Record<string, unknown>;
  if (type !== 'linli.loginLimit.decision' || !Number.isSafeInteger(id) || typeof decision !== 'object' || decision === null) return false;
  const { allowed, retryAfterSeconds } = decision as Record<string, unknown>;
  return typeof allowed === 'boolean' && typeof retryAfterSeconds === 'number';
}

/** The primary's side: answers every worker's questions from one limiter per kind. */
export function serveClusterLoginLimits(on: (listener: (worker: Pick<Worker, 'send'>, message: unknown) => void) => void, limits: LoginLimits, now?: () => number): void {
  const limiters = { perAddress: new SlidingWindowLimiter(limits.perAddress, now), perUsername: new SlidingWindowLimiter(limits.perUsername, now) };
  on((worker, message) => {
    if (!isQuestion(message)) return;
    const decision: LimitDecision = message.key.length > keyLengthMax ? { allowed: false, retryAfterSeconds: 1 } : limiters[message.kind].hit(message.key);
    const answer: HitAnswer = { type: 'linli.loginLimit.decision', id: message.id, decision };
    worker.send(answer);
  });
}

/** A worker's channel to the primary: `process` in a cluster worker. */
export interface ClusterChannel {
  send(message: unknown, callback: (error: Error | null) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * A worker's side: counters that ask the primary. When it does not answer within the timeout (or
 * the channel is gone) the attempt is refused with 503 `not_ready` and `Retry-After: 1`: failing
 * open would let a guesser past the limit by overloading the primary.
 */
export function clusterLoginLimiters(channel: ClusterChannel, timeoutMs: number = clusterLimitTimeoutMs): Record<LoginLimitKind, HitCounter> {
  let nextId = 1;
  const pending = new Map<number, (decision: LimitDecision) => void>();
  channel.on('message', (message) => {
    if (!isAnswer(message)) return;
    pending.get(message.id)?.(message.decision);
  });
  const ask = (kind: LoginLimitKind, key: string): Promise<LimitDecision> =>
    new Promise((resolve, reject) => {
      const id = nextId;
      nextId += 1;
      const refuse = (): void => {
        pending.delete(id);
        clearTimeout(timer);
        reject(new ApiError('not_ready', { detail: 'the login limit could not be checked; try again', headers: { 'Retry-After': '1' } }));
      };
      const timer = setTimeout(refuse, timeoutMs);
      pending.set(id, (decision) => {
        pending.delete(id);
        clearTimeout(timer);
        resolve(decision);
      });
      const question: HitQuestion = { type: 'linli.loginLimit.hit', id, kind, key };
      try {
        channel.send(question, (error) => {
          if (error !== null) refuse();
        });
      } catch {
        refuse();
      }
    });
  return { perAddress: { hit: (key) => ask('perAddress', key) }, perUsername: { hit: (key) => ask('perUsername', key) } };
}
