// Idempotency-Key storage: a writing request's key, claimed and answered in the request's own
// database transaction (or, for a route that resumes its own steps, claimed with a lease).
//
// Why in the same transaction: a request cut off between its work and the key's stored answer
// (the process killed, PostgreSQL restarting) must never leave the key "in flight" while its
// postings are committed, because the client's only way forward would then be a new key, and a
// second posting. Here the claim (an INSERT of the key), the route's rows, its ledger postings
// and the stored answer commit together or not at all. So after any crash the key is either
// answered (a retry replays the answer) or absent (a retry runs afresh); nothing is ever stuck.
// Of two requests with one key at once, PostgreSQL makes the second INSERT wait on the first's
// uncommitted row, then the second sees the stored answer and replays it.
//
// A route whose work cannot be one transaction (a transfer between communities: each community
// is its own shard, so its steps commit one by one) claims its key in a transaction of its own,
// with a lease: the steps are keyed by the request's key, so a retry after the lease has passed
// takes the claim over and resumes them; until then it is told to retry (`Retry-After`).
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { canonicalJson } from '../canonical-json.js';
import { planOnce } from '../named-statements.js';
import { runLast } from '../request-transaction.js';

/** RFC draft "The Idempotency-Key HTTP Header Field": a client-chosen string; here 1–128 visible ASCII. */
export const idempotencyKeyPattern = /^[\x21-\x7E]{1,128}$/;
/** How long a key is remembered; a reuse after this is a fresh request. */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000;
/**
 * How long a committed claim (a resumable route's) belongs to the request that made it. After
 * this a retry takes it over and resumes the work; a request that is still running meanwhile
 * does no harm, since every step is keyed and happens once.
 */
export const idempotencyLeaseMs = 10_000;

export interface IdempotencyScope {
  community: string;
  userId: string;
  key: string;
}

export interface IdempotentRequest {
  /** `POST /api/v1/members`: the route's method and path template. */
  route: string;
  hash: Buffer;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight'; retryAfterSeconds: number }
  | { kind: 'reused' };

export function hashRequest(route: string, parts: { params: unknown; query: unknown; body: unknown }): Buffer {
  return createHash('sha256')
    .update(canonicalJson({ route, ...parts }))
    .digest();
}

interface KeyRow {
  route: string;
  request_hash: Buffer | Uint8Array;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_body: unknown;
  created_at: Date | string;
  expires_at: Date | string;
}

/**
 * Claims a key. Inside the request's transaction the claim is the uncommitted row itself: it
 * lasts exactly as long as the work. In a transaction of its own (a resumable route), it is a
 * committed row with a lease of `idempotencyLeaseMs` from `created_at`.
 */
export async function claimIdempotencyKey(db: Knex, scope: IdempotencyScope, request: IdempotentRequest, now: Date): Promise<Claim> {
  const where = { community_id: scope.community, user_id: scope.userId, key: scope.key };
  const inserted = (await planOnce(
    db,
    'linli_idempotency_claim',
    db('idempotency_keys')
      .insert({
        ...where,
        route: request.route,
        request_hash: request.hash,
        state: 'in_flight',
        created_at: now,
        expires_at: new Date(now.getTime() + idempotencyRetentionMs),
      })
      .onConflict(['community_id', 'user_id', 'key'])
      .ignore()
      .returning('key'),
  )) as unknown[];
  if (inserted.length === 1) return { kind: 'claimed' };
  // The row is committed (the INSERT waited for any transaction writing it): lock it, so that of
  // several retries taking over an expired key or lease, one does.
  const row = await db('idempotency_keys')
    .select('route', 'request_hash', 'state', 'response_status', 'response_body', 'created_at', 'expires_at')
    .where(where)
    .forUpdate()
    .first<KeyRow | undefined>();
  if (row === undefined) throw new Error('assertion: a key that could not be inserted exists');
  if (new Date(row.expires_at).getTime() <= now.getTime()) {
    await takeOver(db, scope, request, now);
    return { kind: 'claimed' };
  }
  if (row.route !== request.route || !Buffer.from(row.request_hash).equals(request.hash)) return { kind: 'reused' };
  if (row.state === 'in_flight' || row.response_status === null) {
    const leaseLeftMs = new Date(row.created_at).getTime() + idempotencyLeaseMs - now.getTime();
    if (leaseLeftMs > 0) return { kind: 'in_flight', retryAfterSeconds: Math.max(1, Math.ceil(leaseLeftMs / 1000)) };
    // The request that claimed it is gone (or slow): this one resumes the work.
    await takeOver(db, scope, request, now);
    return { kind: 'claimed' };
  }
  const body: unknown = typeof row.response_body === 'string' ? JSON.parse(row.response_body) : row.response_body;
  return { kind: 'replay', response: { status: row.response_status, body } };
}

async function takeOver(db: Knex, scope: IdempotencyScope, request: IdempotentRequest, now: Date): Promise<void> {
  await db('idempotency_keys')
    .where({ community_id: scope.community, user_id: scope.userId, key: scope.key })
    .update({
      route: request.route,
      request_hash: request.hash,
      state: 'in_flight',
      response_status: null,
      response_body: null,
      completed_at: null,
      created_at: now,
      expires_at: new Date(now.getTime() + idempotencyRetentionMs),
    });
}

const completionSql = `update idempotency_keys set state = 'completed', response_status = ?::int, response_body = ?::jsonb, completed_at = ?::timestamptz
  where community_id = ? and user_id = ? and key = ? and state = 'in_flight'`;

/**
 * Stores a claimed key's answer. `last`: as the last statement of the request's transaction,
 * sent with its COMMIT (request-transaction.ts `runLast`); nothing may run in the transaction after it.
 */
export async function completeIdempotencyKey(
  db: Knex,
  scope: IdempotencyScope,
  response: StoredResponse,
  now: Date,
  options: { last?: Knex.Transaction } = {},
): Promise<void> {
  // A 429 or 5xx says "not now", never what the request came to: storing it would answer every
  // retry with it after the cause has passed (routing.ts throws such refusals on instead).
  if (response.status === 429 || response.status >= 500)
    throw new Error(`assertion: a transient answer (${response.status}) is not stored as a key's answer`);
  const values = [
    String(response.status),
    response.body === undefined ? null : JSON.stringify(response.body),
    now.toISOString(),
    scope.community,
    scope.userId,
    scope.key,
  ];
  if (options.last !== undefined) {
    await runLast(options.last, { sql: completionSql, values });
    return;
  }
  await planOnce(db, 'linli_idempotency_complete', db.raw(completionSql, values));
}

/** Forgets a committed claim whose work failed unexpectedly, so that the client may retry with the same key at once. */
export async function releaseIdempotencyKey(db: Knex, scope: IdempotencyScope): Promise<void> {
  await db('idempotency_keys').where({ community_id: scope.community, user_id: scope.userId, key: scope.key, state: 'in_flight' }).delete();
}
