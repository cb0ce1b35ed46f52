// Whether an access token's session still holds: one indexed query on every authenticated request.
//
// A signed token proves who it was issued to, not that nothing changed since. The user's row and
// the token's session are read together by primary key, in one round trip that PostgreSQL plans
// once per connection, on whichever process or instance the request reaches; there is no cache to
// invalidate, so a change is seen by the next request after it commits. The same row tells the
// password-change gate whether the user must change a one-time password first, so that gate costs
// no query of its own (a second round trip on every request was a fifth of a balance read's time).
import type { Knex } from 'knex';
import { planOnce } from '../named-statements.js';
import type { Principal } from './roles.js';

interface SessionCheckRow {
  role: string;
  disabled: boolean;
  is_demo: boolean;
  session_version: number;
  session_user_version: number | null;
  session_ended: boolean | null;
  must_change_password: boolean;
}

/** What the check found: whether the session holds, and whether its user must change their password first. */
export interface SessionState {
  holds: boolean;
  mustChangePassword: boolean;
}

/** What the check needs of the service: whether demo accounts may work now. */
export interface SessionRules {
  /** Demo mode: outside it, tokens of demo accounts (issued while it was on) hold no more. */
  demo: boolean;
}

// `s.id = ?` with an empty id matches nothing: that is how a token without a session reads.
const sessionCheckSql = `select u.role, u.disabled_at is not null as disabled, u.is_demo, u.session_version, u.must_change_password,
  s.user_version as session_user_version, s.ended_at is not null as session_ended
from users u
left join sessions s on s.community_id = u.community_id and s.id = ? and s.user_id = u.id
where u.community_id = ? and u.id = ?`;

// The same, locking the rows it reads until the request's transaction ends (an outer join's
// nullable side cannot be locked, so a token with a session joins it, and one without reads the
// user alone). FOR SHARE, not KEY SHARE: a role change or disabling updates columns other than the
// key, which takes FOR NO KEY UPDATE, and only FOR SHARE conflicts with that.
const lockedWithSessionSql = `select u.role, u.disabled_at is not null as disabled, u.is_demo, u.session_version, u.must_change_password,
  s.user_version as session_user_version, s.ended_at is not null as session_ended
from users u
join sessions s on s.community_id = u.community_id and s.id = ? and s.user_id = u.id
where u.community_id = ? and u.id = ?
for share of u, s`;
const lockedUserSql = `select u.role, u.disabled_at is not null as disabled, u.is_demo, u.session_version, u.must_change_password,
  null as session_user_version, null as session_ended
from users u
where u.community_id = ? and u.id = ?
for share of u`;

/**
 * `holds` is true while the token's claims still describe the account: the user exists, is
 * enabled, has the token's role, is not a demo account while demo mode is off, and the token's
 * session has not ended and began at the user's current session version. A token issued before
 * sessions had ids (no `sid`) holds while the user's version is still the first one, that is,
 * while nothing that ends sessions has happened since the upgrade.
 */
export async function checkSession(db: Knex, principal: Principal, rules: SessionRules): Promise<SessionState> {
  const result = (await planOnce(
    db,
    'linli_session_check',
    db.raw(sessionCheckSql, [principal.sessionId ?? '', principal.community, principal.userId]),
  )) as { rows: SessionCheckRow[] };
  return stateOf(result.rows[0], principal, rules);
}

/**
 * `checkSession` inside a writing request's transaction, locking the user's row and the session's
 * row until that transaction ends: a change that ends the session (a new role, disabling, a new
 * password, logout) and commits while the request runs is waited for and seen here, or waits for
 * the request's write to commit first. The check before the request (`authenticate`) reads without
 * locks and cannot promise that.
 */
export async function checkSessionLocked(transaction: Knex.Transaction, principal: Principal, rules: SessionRules): Promise<SessionState> {
  const result = (
    principal.sessionId === undefined
      ? await transaction.raw(lockedUserSql, [principal.community, principal.userId])
      : await transaction.raw(lockedWithSessionSql, [principal.sessionId, principal.community, principal.userId])
  ) as { rows: SessionCheckRow[] };
  return stateOf(result.rows[0], principal, rules);
}

function stateOf(row: SessionCheckRow | undefined, principal: Principal, rules: SessionRules): SessionState {
  const holds = row !== undefined && holdsFor(row, principal, rules);
  return { holds, mustChangePassword: holds && row.must_change_password };
}

function holdsFor(row: SessionCheckRow, principal: Principal, rules: SessionRules): boolean {
  if (row.disabled || row.role !== principal.role) return false;
  if (row.is_demo && !rules.demo) return false;
  if (principal.sessionId === undefined) return row.session_version === 0;
  return row.session_ended === false && row.session_user_version === row.session_version;
}
