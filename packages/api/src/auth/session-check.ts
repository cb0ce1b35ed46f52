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

// `s.id = ?` with an empty id matches nothing: that is how a token without a session reads.
const sessionCheckSql = `select u.role, u.disabled_at is not null as disabled, u.session_version, u.must_change_password,
  s.user_version as session_user_version, s.ended_at is not null as session_ended
from users u
left join sessions s on s.community_id = u.community_id and s.id = ? and s.user_id = u.id
where u.community_id = ? and u.id = ?`;

/**
 * `holds` is true while the token's claims still describe the account: the user exists, is enabled, has the
 * token's role, and the token's session has not ended and began at the user's current session
 * version. A token issued before sessions had ids (no `sid`) holds while the user's version is
 * still the first one, that is, while nothing that ends sessions has happened since the upgrade.
 */
export async function checkSession(db: Knex, principal: Principal): Promise<SessionState> {
  const result = (await planOnce(db, 'linli_session_check', db.raw(sessionCheckSql, [principal.sessionId ?? '', principal.community, principal.userId]))) as { rows: SessionCheckRow[] };
  const row = result.rows[0];
  const holds = row !== undefined && holdsFor(row, principal);
  return { holds, mustChangePassword: holds && row.must_change_password };
}

function holdsFor(row: SessionCheckRow, principal: Principal): boolean {
  if (row.disabled || row.role !== principal.role) return false;
  if (principal.sessionId === undefined) return row.session_version === 0;
  return row.session_ended === false && row.session_user_version === row.session_version;
}
