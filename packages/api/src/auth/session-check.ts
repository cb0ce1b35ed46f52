// Whether an access token's session still holds: one indexed query on every authenticated request.
//
// A signed token proves who it was issued to, not that nothing changed since. The user's row and
// the token's session are read together by primary key, in one round trip that PostgreSQL plans
// once per connection, on whichever process or instance the request reaches; there is no cache to
// invalidate, so a change is seen by the next request after it commits.
import type { Knex } from 'knex';
import { planOnce } from '../named-statements.js';
import type { Principal } from './roles.js';

interface SessionCheckRow {
  role: string;
  disabled: boolean;
  session_version: number;
  session_user_version: number | null;
  session_ended: boolean | null;
}

// `s.id = ?` with an empty id matches nothing: that is how a token without a session reads.
const sessionCheckSql = `select u.role, u.disabled_at is not null as disabled, u.session_version,
  s.user_version as session_user_version, s.ended_at is not null as session_ended
from users u
left join sessions s on s.community_id = u.community_id and s.id = ? and s.user_id = u.id
where u.community_id = ? and u.id = ?`;

/**
 * True while the token's claims still describe the account: the user exists, is enabled, has the
 * token's role, and the token's session has not ended and began at the user's current session
 * version. A token issued before sessions had ids (no `sid`) holds while the user's version is
 * still the first one, that is, while nothing that ends sessions has happened since the upgrade.
 */
export async function sessionHolds(db: Knex, principal: Principal): Promise<boolean> {
  const result = (await planOnce(db, 'linli_session_check', db.raw(sessionCheckSql, [principal.sessionId ?? '', principal.community, principal.userId]))) as { rows: SessionCheckRow[] };
  const row = result.rows[0];
  if (row === undefined || row.disabled || row.role !== principal.role) return false;
  if (principal.sessionId === undefined) return row.session_version === 0;
  return row.session_ended === false && row.session_user_version === row.session_version;
}
