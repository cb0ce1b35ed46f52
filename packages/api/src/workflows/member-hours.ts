// Checks shared by the flows that spend a member's hours (gifts, transfers between communities):
// the member exists in the community, the amount is positive, and only banked hours are spent.
import { AmountDecimal, LedgerRejection, books } from '@linli/ledger';
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
 * would be hours made from nothing, so the giver's posting (a transfer's hold) carries this
 * floor: the ledger checks it under the community's write lock, in the same step as it posts,
 * so requests at the same instant cannot together spend hours that are not there. A retry of a
 * posted gift is answered by the ledger with its first result, the floor not checked again.
 */
export const bankedHoursFloor = '0.00';

/**
 * The ledger's refusal of the banked-hours floor, as the service has always answered it:
 * `exceeds_lower_limit` (the giver's hours would fall below what they may give), saying why,
 * so that clients keep one code for "not enough hours", floor or overdraft alike. The available
 * balance in the detail is read after the refusal, only to explain it. Other errors pass as
 * they are.
 */
export async function explainUnbankedHours(deps: Deps, community: string, member: string, error: unknown): Promise<unknown> {
  if (!isLedgerRejection(error) || error.code !== 'exceeds_floor') return error;
  const balance = await deps.ledger.balance(community, books.accountIds.memberHours(member));
  return new LedgerRejection('exceeds_lower_limit', `only banked hours can be given: ${balance?.available ?? '0.00'} available`);
}
