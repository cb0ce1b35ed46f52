// Idempotency-Key storage: claim a key before the work, complete it with the response, or release it.
//
// The claim is an INSERT … ON CONFLICT DO NOTHING on the key (community, user, key): of two
// concurrent requests with one key, PostgreSQL lets exactly one insert, and the other sees the
// claim (in flight) or, once it completes, the stored response. The work itself commits in its
// own transaction, before the response is stored; if the process dies in between, the claim
// stays in flight until it expires, and the client must use a new key (the ledger's own
// transaction ids, derived from the key, keep a ledger write from happening twice).
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { canonicalJson } from '../canonical-json.js';
import { planOnce } from '../named-statements.js';

/** RFC draft "The Idempotency-Key HTTP Header Field": a client-chosen string; here 1–128 visible ASCII. */
export const idempotencyKeyPattern = /^[\x21-\x7E]{1,128}$/;
/** How long a key is remembered; a reuse after this is a fresh request. */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000;

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

export type Claim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse } | { kind: 'in_flight' } | { kind: 'reused' };

export function hashRequest(route: string, parts: { params: unknown; query: unknown; body: unknown }): Buffer {
  return createHash('sha256').update(canonicalJson({ route, ...parts })).digest();
}

interface KeyRow {
  route: string;
  request_hash: Buffer | Uint8Array;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_body: unknown;
  expires_at: Date | string;
}

const claimAttemptsMax = 3;

export async function claimIdempotencyKey(db: Knex, scope: IdempotencyScope, request: IdempotentRequest, now: Date): Promise<Claim> {
  const where = { community_id: scope.community, user_id: scope.userId, key: scope.key };
  for (let attempt = 0; attempt < claimAttemptsMax; attempt += 1) {
    const inserted = (await planOnce(
      db,
      'linli_idempotency_claim',
      db('idempotency_keys')
        .insert({ ...where, route: request.route, request_hash: request.hash, state: 'in_flight', created_at: now, expires_at: new Date(now.getTime() + idempotencyRetentionMs) })
        .onConflict(['community_id', 'user_id', 'key'])
        .ignore()
        .returning('key'),
    )) as unknown[];
    if (inserted.length === 1) return { kind: 'claimed' };
    const row = await db('idempotency_keys').select('route', 'request_hash', 'state', 'response_status', 'response_body', 'expires_at').where(where).first<KeyRow | undefined>();
    // Released or expired between the insert and the read: try to claim again.
    if (row === undefined) continue;
    if (new Date(row.expires_at).getTime() <= now.getTime()) {
      await db('idempotency_keys').where(where).andWhere('expires_at', '<=', now).delete();
      continue;
    }
    if (row.route !== request.route || !Buffer.from(row.request_hash).equals(request.hash)) return { kind: 'reused' };
    if (row.state === 'in_flight' || row.response_status === null) return { kind: 'in_flight' };
    const body: unknown = typeof row.response_body === 'string' ? JSON.parse(row.response_body) : row.response_body;
    return { kind: 'replay', response: { status: row.response_status, body } };
  }
  return { kind: 'in_flight' };
}

export async function completeIdempotencyKey(db: Knex, scope: IdempotencyScope, response: StoredResponse, now: Date): Promise<void> {
  await planOnce(
    db,
    'linli_idempotency_complete',
    db('idempotency_keys')
      .where({ community_id: scope.community, user_id: scope.userId, key: scope.key, state: 'in_flight' })
      .update({ state: 'completed', response_status: response.status, response_body: response.body === undefined ? null : JSON.stringify(response.body), completed_at: now }),
  );
}

/** Forgets a claim whose work failed unexpectedly, so that the client may retry with the same key. */
export async function releaseIdempotencyKey(db: Knex, scope: IdempotencyScope): Promise<void> {
  await db('idempotency_keys').where({ community_id: scope.community, user_id: scope.userId, key: scope.key, state: 'in_flight' }).delete();
}
