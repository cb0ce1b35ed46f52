// Refresh tokens: random secrets stored only as hashes, rotated on every use, grouped in families.
//
// A token reads `<community>.<id>.<secret>`. The community is in clear so the row is found by its
// sharded key (community_id, id) without a global lookup; the id is random too, so it says
// nothing. Only SHA-256 of the 256-bit secret is stored: a slow hash is needed for passwords,
// which are guessable, not for random secrets.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { toIso } from '../database-values.js';
import { refreshTokenLengthMax } from '@linli/contract';

export { refreshTokenLengthMax };

export const refreshTokenLifetimeMs = 14 * 24 * 60 * 60 * 1000;
const tokenPattern = /^([a-z0-9][a-z0-9-]{0,63})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface RefreshTokenParts {
  community: string;
  id: string;
  secret: string;
}

export function parseRefreshToken(token: string): RefreshTokenParts | undefined {
  if (token.length > refreshTokenLengthMax) return undefined;
  const match = tokenPattern.exec(token);
  if (match === null || match[1] === undefined || match[2] === undefined || match[3] === undefined) return undefined;
  return { community: match[1], id: match[2], secret: match[3] };
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export interface RefreshTokenRecord {
  community: string;
  id: string;
  userId: string;
  familyId: string;
  expiresAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
}

interface RefreshTokenRow {
  community_id: string;
  id: string;
  user_id: string;
  family_id: string;
  secret_hash: Buffer | Uint8Array;
  expires_at: Date | string;
  rotated_at: Date | string | null;
  revoked_at: Date | string | null;
}

export interface IssuedRefreshToken {
  token: string;
  expiresAt: string;
}

/** Issues a token in a session's family: the login's new session, or the same one on rotation. */
export async function insertRefreshToken(
  db: Knex,
  grant: { community: string; userId: string; familyId: string },
  now: Date,
): Promise<IssuedRefreshToken> {
  const id = randomBytes(16).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + refreshTokenLifetimeMs);
  await db('refresh_tokens').insert({
    community_id: grant.community,
    id,
    user_id: grant.userId,
    family_id: grant.familyId,
    secret_hash: hashSecret(secret),
    created_at: now,
    expires_at: expiresAt,
  });
  return { token: `${grant.community}.${id}.${secret}`, expiresAt: expiresAt.toISOString() };
}

/**
 * Finds the token whose secret matches, locking its row so that two concurrent uses of one token
 * are decided one after the other (the second sees it rotated: reuse).
 */
export async function findRefreshTokenForUpdate(trx: Knex.Transaction, parts: RefreshTokenParts): Promise<RefreshTokenRecord | undefined> {
  const row = await trx('refresh_tokens')
    .select('community_id', 'id', 'user_id', 'family_id', 'secret_hash', 'expires_at', 'rotated_at', 'revoked_at')
    .where({ community_id: parts.community, id: parts.id })
    .forUpdate()
    .first<RefreshTokenRow | undefined>();
  if (row === undefined) return undefined;
  const stored = Buffer.from(row.secret_hash);
  const presented = hashSecret(parts.secret);
  if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return undefined;
  return {
    community: row.community_id,
    id: row.id,
    userId: row.user_id,
    familyId: row.family_id,
    expiresAt: toIso(row.expires_at),
    rotatedAt: row.rotated_at === null ? null : toIso(row.rotated_at),
    revokedAt: row.revoked_at === null ? null : toIso(row.revoked_at),
  };
}

/** Marks the token used; returns false if it was used or revoked meanwhile. */
export async function markRefreshTokenRotated(db: Knex, token: RefreshTokenRecord, now: Date): Promise<boolean> {
  const count = await db('refresh_tokens')
    .where({ community_id: token.community, id: token.id })
    .whereNull('rotated_at')
    .whereNull('revoked_at')
    .update({ rotated_at: now });
  return count === 1;
}

export async function revokeRefreshTokenFamily(db: Knex, community: string, familyId: string, now: Date): Promise<void> {
  await db('refresh_tokens').where({ community_id: community, family_id: familyId }).whereNull('revoked_at').update({ revoked_at: now });
}
