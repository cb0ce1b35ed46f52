// Bounded concurrent load of hour gifts, each with a key of its own, recording every answer; and
// the resend of every key afterwards, as a client retries (honouring Retry-After).
import type { Member } from './community.js';
import { answerLabel, isSuccess, requestJson, type Answer } from './http-client.js';

export interface Gift {
  key: string;
  giver: Member;
  to: string;
  hours: string;
}

export interface GiftOutcome {
  gift: Gift;
  /** The answer to the one send during the load. */
  first: Answer;
  /** When the send started, in ms since the load began. */
  sentAtMs: number;
  /** When its answer (or network error) came, in ms since the load began. */
  answeredAtMs: number;
  /** The answer once resent after recovery (set by `resendAll`). */
  resent?: Answer;
  /** How many sends the resend took (retries of in-flight, 503 and network errors). */
  resendAttempts?: number;
}

export interface LoadOptions {
  baseUrl: () => string;
  givers: readonly Member[];
  /** Requests in flight at once. */
  concurrency: number;
  /** Hard bound on the number of gifts sent. */
  requestsMax: number;
  /** Each gift's hours: small, so that no giver runs out of banked hours. */
  hours: string;
  keyPrefix: string;
  /** After a failed send a sender waits this long (a client backing off, and no hot loop while the service is down). */
  pauseAfterFailureMs?: number;
  /** Each send is given up after this (a hang counts as `network timeout`). */
  timeoutMs?: number;
}

export interface RunningLoad {
  /** Stops sending; resolves with every gift sent and its answer, once those in flight are answered. */
  stop(): Promise<GiftOutcome[]>;
  /** Gifts sent so far. */
  sent(): number;
  /** Answers so far that were 2xx, since `since` (ms since the load began). */
  successesSince(sinceMs: number): number;
  /** ms since the load began. */
  elapsedMs(): number;
}

/**
 * Starts `concurrency` senders. Giver and receiver go round a ring of the members (each gives to
 * the next), so that every member receives about what it gives and keeps its banked hours.
 */
export function startGiftLoad(options: LoadOptions): RunningLoad {
  if (options.givers.length < 2) throw new Error('assertion: at least two members to give between');
  const started = performance.now();
  const outcomes: GiftOutcome[] = [];
  let next = 0;
  let stopping = false;
  const senders = Array.from({ length: options.concurrency }, async () => {
    while (!stopping && next < options.requestsMax) {
      const index = next;
      next += 1;
      const giver = options.givers[index % options.givers.length] as Member;
      const receiver = options.givers[(index + 1) % options.givers.length] as Member;
      const gift: Gift = { key: `${options.keyPrefix}-${index}`, giver, to: receiver.id, hours: options.hours };
      const sentAtMs = performance.now() - started;
      const first = await sendGift(options.baseUrl(), gift, options.timeoutMs);
      outcomes.push({ gift, first, sentAtMs, answeredAtMs: performance.now() - started });
      if (!isSuccess(first)) await new Promise((resolve) => setTimeout(resolve, options.pauseAfterFailureMs ?? 100));
    }
  });
  return {
    async stop() {
      stopping = true;
      await Promise.all(senders);
      return outcomes.sort((a, b) => a.sentAtMs - b.sentAtMs);
    },
    sent: () => next,
    successesSince: (sinceMs) => outcomes.filter((outcome) => outcome.sentAtMs >= sinceMs && isSuccess(outcome.first)).length,
    elapsedMs: () => performance.now() - started,
  };
}

export function sendGift(baseUrl: string, gift: Gift, timeoutMs?: number): Promise<Answer> {
  return requestJson(baseUrl, 'POST', '/api/v1/gifts', {
    token: gift.giver.token,
    idempotencyKey: gift.key,
    body: { to: { member: gift.to }, hours: gift.hours },
    timeoutMs,
  });
}

/** Whether a client should send again: the key is in flight, the service is unavailable, or there was no answer. */
export function isRetryable(answer: Answer): boolean {
  if (answer.kind === 'network') return true;
  return answer.status === 503 || (answer.status === 409 && answer.code === 'idempotency_key_in_flight');
}

export interface ResendOptions {
  baseUrl: string;
  /** How long a client keeps retrying one key before it gives up. */
  retryWindowMs: number;
  concurrency: number;
  /** The wait when an answer has no Retry-After. */
  retryPauseMs?: number;
}

/**
 * Sends every gift again with its key and body, as a client that never saw (or doubts) its
 * answer: retrying while the answer is retryable, waiting Retry-After seconds when given, until
 * a final answer or the window passes. Sets `resent` and `resendAttempts` on each outcome.
 */
export async function resendAll(outcomes: readonly GiftOutcome[], options: ResendOptions): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < outcomes.length) {
        const outcome = outcomes[next] as GiftOutcome;
        next += 1;
        const deadline = performance.now() + options.retryWindowMs;
        let attempts = 0;
        for (;;) {
          const answer = await sendGift(options.baseUrl, outcome.gift);
          attempts += 1;
          outcome.resent = answer;
          outcome.resendAttempts = attempts;
          if (!isRetryable(answer)) break;
          const waitMs =
            answer.kind === 'response' && answer.retryAfterSeconds !== undefined
              ? answer.retryAfterSeconds * 1000
              : (options.retryPauseMs ?? 500);
          if (performance.now() + waitMs > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, waitMs));
        }
      }
    }),
  );
}

/** Counts of answer labels (`201`, `503 not_ready`, `network ECONNRESET`), most frequent first. */
export function tally(answers: readonly Answer[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(answerLabel(answer), (counts.get(answerLabel(answer)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

/**
 * The longest time the load went without a 2xx answer, in seconds: between two consecutive 2xx
 * answers, by when they came.
 */
export function longestWithoutSuccessSeconds(outcomes: readonly GiftOutcome[]): number {
  const times = outcomes
    .filter((outcome) => isSuccess(outcome.first))
    .map((outcome) => outcome.answeredAtMs)
    .sort((a, b) => a - b);
  let longest = 0;
  for (let index = 1; index < times.length; index += 1)
    longest = Math.max(longest, (times[index] as number) - (times[index - 1] as number));
  return longest / 1000;
}
