// Checks shared by the flows that spend a member's hours (gifts, transfers between communities):
// the member exists in the community, and the ledger's refusal of unbanked hours explained. The
// hours' own rules (positive, at the HOUR scale, only banked hours) are the time bank's, in the ledger's books.
import { books } from '@linli/ledger';
import { findUser } from '../auth/users.js';
import type { Deps } from '../deps.js';
import { ApiError, isLedgerRejection } from '../http-errors.js';

/** An active member of the community, or `not_found` (another community's member is not found here). */
export async function requireMember(deps: Deps, community: string, userId: string, pointer: string): Promise<void> {
  const user = await findUser(deps.knex, community, userId);
  if (user === undefined || user.role !== 'member' || user.disabledAt !== null) {
    throw new ApiError('not_found', { detail: `no such member (${pointer})` });
  }
}

/**
 * Each named user is an active member of the community, read in one query; otherwise
 * `not_found` naming the first that is not, in the order given.
 */
export async function requireMembers(
  deps: Deps,
  community: string,
  members: readonly { userId: string; pointer: string }[],
): Promise<void> {
  const ids = members.map((member) => member.userId);
  const query = deps
    .knex('users')
    .select('id')
    .where({ community_id: community, role: 'member' })
    .whereNull('disabled_at')
    .whereIn('id', ids);
  // On the PostgreSQL server a named statement (one per number of ids, as its SQL differs) is planned once per connection.
  const rows = (await (deps.database.kind === 'postgres' ? query.options({ name: `linli_require_members_${ids.length}` }) : query)) as {
    id: string;
  }[];
  const found = new Set(rows.map((row) => row.id));
  const missing = members.find((member) => !found.has(member.userId));
  if (missing !== undefined) throw new ApiError('not_found', { detail: `no such member (${missing.pointer})` });
}

/**
 * The ledger's refusal of the banked-hours floor (`books.bankedHoursFloor`), as the service has
 * always answered it: `books.unbankedHours`, `exceeds_lower_limit` saying how many hours are
 * available. The available balance is read after the refusal, only to explain it. A retry of a
 * posted gift is answered by the ledger with its first result, the floor not checked again.
 * Other errors pass as they are.
 */
export async function explainUnbankedHours(deps: Deps, community: string, member: string, error: unknown): Promise<unknown> {
  if (!isLedgerRejection(error) || error.code !== 'exceeds_floor') return error;
  const balance = await deps.ledger.balance(community, books.accountIds.memberHours(member));
  return books.unbankedHours(balance?.available);
}
