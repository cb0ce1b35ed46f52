// What a load of gifts left in the journal, read with SQL from the database itself: each gift
// answered 2xx is there exactly once (its transaction id is derived from its key), nothing else
// was posted by the givers, replays answer what the first 2xx said, and no key stays in flight.
import { giftTransactionId } from '@linli/api';
import { openDatabase } from '@linli/ledger';
import { isSuccess, type Answer } from './http-client.js';
import { community } from './community.js';
import type { GiftOutcome } from './gift-load.js';

export interface JournalFigures {
  /** Gifts sent during the load (one per key). */
  requests: number;
  /** Of those, answered 2xx. */
  successes: number;
  /** Of those, answered otherwise or not at all, by answer (`503 not_ready`, `network ECONNRESET`, …). */
  failures: number;
  /** 5xx answers other than 503 (an outage must be a 503, never a 500). */
  serverErrors: number;
  /** Keys answered 2xx (during the load or on resend) whose gift is not in the journal. */
  lost: number;
  /** Gift transactions of the givers beyond one per key (a gift posted twice, or under an id no key gives). */
  doubled: number;
  /** Keys whose resend was still 409 idempotency_key_in_flight after retrying as a client would. */
  stuck: number;
  /** Keys whose resend ended in something other than 2xx or stuck (a refusal, a 5xx, no answer). */
  unanswered: number;
  /** 503 answers without a Retry-After header (a client must be told when to come back). */
  unavailableWithoutRetryAfter: number;
  /** Keys answered 2xx twice with different bodies (a replay must repeat the first answer). */
  changedAnswers: number;
  /** Keys answered 2xx whose body names a transaction other than the one derived from the key. */
  wrongTransaction: number;
  /** Rows of idempotency_keys still in flight for the givers. */
  inFlightRows: number;
}

/** Reads the journal of the givers' gifts and holds it against every answer. */
export async function checkJournal(databaseUrl: string, outcomes: readonly GiftOutcome[]): Promise<JournalFigures> {
  const givers = [...new Set(outcomes.map((outcome) => outcome.gift.giver.id))];
  const database = openDatabase({ databaseUrl, poolSize: 1 });
  let posted: Map<string, number>;
  let inFlightRows: number;
  try {
    const rows = (await database
      .knex('ledger_transactions')
      .select('id')
      .where({ community_id: community, kind: 'hour_gift' })
      .whereIn('actor', givers)) as { id: string }[];
    posted = new Map();
    for (const row of rows) posted.set(row.id, (posted.get(row.id) ?? 0) + 1);
    const [keys] = (await database
      .knex('idempotency_keys')
      .count({ count: '*' })
      .where({ community_id: community, state: 'in_flight' })
      .whereIn('user_id', givers)) as { count: string | number }[];
    inFlightRows = Number(keys?.count ?? 0);
  } finally {
    await database.close();
  }

  const expectedIds = new Set<string>();
  let lost = 0;
  let stuck = 0;
  let unanswered = 0;
  let changedAnswers = 0;
  let wrongTransaction = 0;
  for (const outcome of outcomes) {
    const id = giftTransactionId(outcome.gift.giver.id, outcome.gift.key);
    expectedIds.add(id);
    const answers = [outcome.first, ...(outcome.resent === undefined ? [] : [outcome.resent])].filter(isSuccess);
    if (answers.length > 0 && (posted.get(id) ?? 0) === 0) lost += 1;
    for (const answer of answers) if ((answer.body as { transactionId?: unknown }).transactionId !== id) wrongTransaction += 1;
    const [first, second] = answers;
    if (first !== undefined && second !== undefined && canonical(first.body) !== canonical(second.body)) changedAnswers += 1;
    if (outcome.resent !== undefined && !isSuccess(outcome.resent)) {
      if (isInFlight(outcome.resent)) stuck += 1;
      else unanswered += 1;
    }
  }
  let doubled = 0;
  for (const [id, count] of posted) doubled += expectedIds.has(id) ? count - 1 : count;

  const failed = outcomes.map((outcome) => outcome.first).filter((answer) => !isSuccess(answer));
  const every = outcomes.flatMap((outcome) => [outcome.first, ...(outcome.resent === undefined ? [] : [outcome.resent])]);
  return {
    requests: outcomes.length,
    successes: outcomes.length - failed.length,
    failures: failed.length,
    serverErrors: every.filter((answer) => answer.kind === 'response' && answer.status >= 500 && answer.status !== 503).length,
    unavailableWithoutRetryAfter: every.filter(
      (answer) => answer.kind === 'response' && answer.status === 503 && answer.retryAfterSeconds === undefined,
    ).length,
    lost,
    doubled,
    stuck,
    unanswered,
    changedAnswers,
    wrongTransaction,
    inFlightRows,
  };
}

/** JSON with every object's keys sorted: a stored answer comes back from jsonb in another key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function isInFlight(answer: Answer): boolean {
  return answer.kind === 'response' && answer.status === 409 && answer.code === 'idempotency_key_in_flight';
}
