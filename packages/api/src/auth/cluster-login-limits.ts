// One login limiter for a whole cluster: the primary keeps it, and every worker asks it over the
// cluster's IPC channel before each login attempt and tells it when a password was right.
//
// Per-worker counters cannot keep the limit's promise: each worker allowing its share lets the
// total exceed the limit as soon as the share is rounded up to one, and locks out a user early
// whose keep-alive connection sticks to one worker; a known address must be known to every
// worker. A question to the primary is a local message (well under a millisecond) beside a
// login's scrypt (tens of milliseconds).
import type { Worker } from 'node:cluster';
import { ApiError } from '../http-errors.js';
import {
  LoginLimiter,
  type LoginAttempt,
  type LoginDecision,
  type LoginLimiterPort,
  type LoginLimits,
  type LoginOutcome,
  type LoginTicket,
} from './login-limiter.js';

/** How long a worker waits for the primary's answer before refusing the attempt. */
export const clusterLimitTimeoutMs = 2_000;

/** Longer fields are not counted but refused: a community, username or address is far shorter. */
const fieldLengthMax = 1_024;

type Question =
  | { type: 'linli.loginLimit.begin'; id: number; attempt: LoginAttempt }
  | { type: 'linli.loginLimit.finish'; id: number; ticket: LoginTicket; outcome: LoginOutcome };

interface Answer {
  type: 'linli.loginLimit.answer';
  id: number;
  /** The answer to a begin; absent for a finish. */
  decision?: LoginDecision;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= fieldLengthMax;

function isAttempt(value: unknown): value is LoginAttempt {
  if (typeof value !== 'object' || value === null) return false;
  const { community, username, address } = value as Record<string, unknown>;
  return isText(community) && isText(username) && isText(address);
}

function isTicket(value: unknown): value is LoginTicket {
  if (typeof value !== 'object' || value === null) return false;
  const { account, address, at, known } = value as Record<string, unknown>;
  return isText(account) && isText(address) && typeof at === 'number' && Number.isFinite(at) && typeof known === 'boolean';
}

/**
 * A worker's question as the primary reads it; a begin whose attempt is not well formed (fields
 * too long to be real) comes back without its attempt, to be refused without being counted.
 */
type ReadQuestion =
  | { kind: 'begin'; id: number; attempt: LoginAttempt | undefined }
  | { kind: 'finish'; id: number; ticket: LoginTicket; outcome: LoginOutcome };

function readQuestion(message: unknown): ReadQuestion | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, id, attempt, ticket, outcome } = message as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined;
  if (type === 'linli.loginLimit.begin') return { kind: 'begin', id, attempt: isAttempt(attempt) ? attempt : undefined };
  if (type === 'linli.loginLimit.finish' && isTicket(ticket) && (outcome === 'password_accepted' || outcome === 'undecided'))
    return { kind: 'finish', id, ticket, outcome };
  return undefined;
}

function isAnswer(message: unknown): message is Answer {
  if (typeof message !== 'object' || message === null) return false;
  const { type, id, decision } = message as Record<string, unknown>;
  if (type !== 'linli.loginLimit.answer' || !Number.isSafeInteger(id)) return false;
  if (decision === undefined) return true;
  if (typeof decision !== 'object' || decision === null) return false;
  const { allowed, retryAfterSeconds, ticket } = decision as Record<string, unknown>;
  return allowed === true ? isTicket(ticket) : allowed === false && typeof retryAfterSeconds === 'number';
}

/** The primary's side: answers every worker's questions from one limiter. */
export function serveClusterLoginLimits(
  on: (listener: (worker: Pick<Worker, 'send'>, message: unknown) => void) => void,
  limits: LoginLimits,
  now?: () => number,
): void {
  const limiter = new LoginLimiter(limits, now);
  on((worker, message) => {
    const question = readQuestion(message);
    if (question === undefined) return;
    const answer: Answer = { type: 'linli.loginLimit.answer', id: question.id };
    if (question.kind === 'begin')
      answer.decision = question.attempt === undefined ? { allowed: false, retryAfterSeconds: 1 } : limiter.begin(question.attempt);
    else limiter.finish(question.ticket, question.outcome);
    worker.send(answer);
  });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A worker's channel to the primary: `process` in a cluster worker. */
export interface ClusterChannel {
  send(message: unknown, callback: (error: Error | null) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * A worker's side: a limiter that asks the primary. When a begin is not answered within the
 * timeout (or the channel is gone) the attempt is refused with 503 `not_ready` and
 * `Retry-After: 1`: failing open would let a guesser past the limit by overloading the primary. A
 * finish that is not answered is given up: the attempt then stays counted as a failure.
 */
export function clusterLoginLimiter(channel: ClusterChannel, timeoutMs: number = clusterLimitTimeoutMs): LoginLimiterPort {
  let nextId = 1;
  const pending = new Map<number, (answer: Answer) => void>();
  channel.on('message', (message) => {
    if (!isAnswer(message)) return;
    pending.get(message.id)?.(message);
  });
  /** Sends a question; resolves with the answer, or undefined when none came in time. */
  const ask = (question: DistributiveOmit<Question, 'id'>): Promise<Answer | undefined> =>
    new Promise((resolve) => {
      const id = nextId;
      nextId += 1;
      const settle = (answer: Answer | undefined): void => {
        pending.delete(id);
        clearTimeout(timer);
        resolve(answer);
      };
      const timer = setTimeout(() => settle(undefined), timeoutMs);
      pending.set(id, settle);
      try {
        channel.send({ ...question, id }, (error) => {
          if (error !== null) settle(undefined);
        });
      } catch {
        settle(undefined);
      }
    });
  return {
    begin: async (attempt) => {
      const answer = await ask({ type: 'linli.loginLimit.begin', attempt });
      if (answer?.decision === undefined)
        throw new ApiError('not_ready', { detail: 'the login limit could not be checked; try again', headers: { 'Retry-After': '1' } });
      return answer.decision;
    },
    finish: async (ticket, outcome) => {
      await ask({ type: 'linli.loginLimit.finish', ticket, outcome });
    },
  };
}
