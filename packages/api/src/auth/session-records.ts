// Queries on `sessions`: one row per login; ending a session ends its access and refresh tokens.
//
// A session's id is the family id of its refresh tokens, and its access tokens carry it as `sid`.
// It holds while it has not ended and its `user_version` equals the user's `session_version`
// (migration 0320): ending every session of a user is one increment of that version, which also
// catches a login that read the user just before the change and writes its session just after.
import type { Knex } from 'knex';
import { revokeRefreshTokenFamily } from './refresh-tokens.js';

export interface SessionRecord {
  community: string;
  id: string;
  userId: string;
  userVersion: number;
  ended: boolean;
}

interface SessionRow {
  community_id: string;
  id: string;
  user_id: string;
  user_version: number;
  ended_at: Date | string | null;
}

export async function insertSession(
  db: Knex,
  session: { community: string; id: string; userId: string; userVersion: number },
  now: Date,
): Promise<void> {
  await db('sessions').insert({
    community_id: session.community,
    id: session.id,
    user_id: session.userId,
    user_version: session.userVersion,
    created_at: now,
  });
}

/**
 * Locks the session's row, so that a refresh and a logout of one session are decided one after
 * the other: a refresh that waited sees the session ended and issues nothing.
 */
export async function findSessionForUpdate(trx: Knex.Transaction, community: string, id: string): Promise<SessionRecord | undefined> {
  const row = await trx('sessions')
    .select('community_id', 'id', 'user_id', 'user_version', 'ended_at')
    .where({ community_id: community, id })
    .forUpdate()
    .first<SessionRow | undefined>();
  if (row === undefined) return undefined;
  return { community: row.community_id, id: row.id, userId: row.user_id, userVersion: row.user_version, ended: row.ended_at !== null };
}

/** Ends one session (logout, a reused refresh token): its access tokens and refresh tokens stop working. */
export async function endSession(db: Knex, community: string, id: string, now: Date): Promise<void> {
  await db('sessions').where({ community_id: community, id }).whereNull('ended_at').update({ ended_at: now });
  await revokeRefreshTokenFamily(db, community, id, now);
}

/**
 * Ends every session of a user (a role change, disabling, a new password): moves the user's
 * session version on, marks their sessions ended and revokes their refresh tokens. `keep` names
 * one session that carries on at the new version: the one in which the user changed their own
 * password. Call it in the transaction that makes the change, so both commit together.
 */
export async function endSessionsOfUser(db: Knex, community: string, userId: string, now: Date, keep?: string): Promise<void> {
  const bumped = (await db('users')
    .where({ community_id: community, id: userId })
    .increment('session_version', 1)
    .returning('session_version')) as { session_version: number }[];
  const version = bumped[0]?.session_version;
  if (version === undefined) throw new Error('ending the sessions of a user who does not exist');
  const sessions = db('sessions').where({ community_id: community, user_id: userId }).whereNull('ended_at');
  const tokens = db('refresh_tokens').where({ community_id: community, user_id: userId }).whereNull('revoked_at');
  if (keep !== undefined) {
    sessions.whereNot('id', keep);
    tokens.whereNot('family_id', keep);
  }
  await sessions.update({ ended_at: now });
  await tokens.update({ revoked_at: now });
  // Only a session that held until now carries on: not one a concurrent change already ended.
  if (keep !== undefined)
    await db('sessions')
      .where({ community_id: community, id: keep, user_id: userId, user_version: version - 1 })
      .whereNull('ended_at')
      .update({ user_version: version });
}
