// Checks shared by the flows that spend a member's hours (gifts, transfers between communities):
// the member exists in the community, the amount is positive, and only banked hours are spent.
import { AmountDecimal, LedgerRejection, books } from '@linli/ledger';
import { findUser } from '../auth/users.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';

/** HOUR's scale (DESIGN.md, "Units"). */
const hourScale = 2;

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
export async function requireMembers(deps: Deps, community: string, members: readonly { userId: string; pointer: string }[]): Promise<void> {
  const ids = members.map((member) => member.userId);
  const query = deps.knex('users').select('id').where({ community_id: community, role: 'member' }).whereNull('disabled_at').whereIn('id', ids);
  // On the PostgreSQL server a named statement (one per number of ids, as its SQL differs) is planned once per connection.
  const rows = (await (deps.database.kind === 'postgres' ? query.options({ name: `linli_require_members_${ids.length}` }) : query)) as { id: string }[];
  const found = new Set(rows.map((row) => row.id));
  const missing = members.find((member) => !found.has(member.userId));
  if (missing !== undefined) throw new ApiError('not_found', { detail: `no such member (${missing.pointer})` });
}

/**
 * A negative amount would run a gift or transfer backwards (the receiver would pay), so it is
 * refused with the ledger's own code before the posting is built; zero and too many decimals are
 * left to the ledger, which answers `amount_must_not_be_zero` and `amount_scale_exceeded`.
 */
export function refuseNegativeHours(hours: string): void {
  if (hours.startsWith('-') && !new AmountDecimal(hours).isZero()) throw new LedgerRejection('amount_must_be_positive', 'hours must be more than zero');
}

/**
 * Gifts and transfers spend only banked hours. The member's lower limit lets them go into
 * overdraft to receive service (time banks allow it), but hours given away from an overdraft
 * would be hours made from nothing, so here the floor is zero. The ledger's lower limit stays the
 * hard bound: two requests at the same instant can each pass this check, and then together take
 * the account below zero but never below its overdraft. Amounts past the scale are left to the
 * ledger, whose `amount_scale_exceeded` comes first in its order of precedence.
 */
export async function refuseUnbankedHours(deps: Deps, community: string, member: string, hours: string): Promise<void> {
  const amount = new AmountDecimal(hours);
  if (amount.decimalPlaces() > hourScale || !amount.isPositive() || amount.isZero()) return;
  const balance = await deps.ledger.balance(community, books.accountIds.memberHours(member));
  if (balance === undefined) throw new LedgerRejection('account_not_found', `member ${member} has no hour account`);
  if (new AmountDecimal(balance.available).lessThan(amount)) {
    throw new LedgerRejection('exceeds_lower_limit', `only banked hours can be given: ${balance.available} available`);
  }
}
