// Issuing love points (爱心积分) to a household, by its code only.
import { books, normalizeAmount } from '@linli/ledger';
import type { Principal } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { derivedId } from './supermarket-support.js';

const { pointsIssue, accountIds } = books;

/**
 * Rejections: `not_found` (also another community's household), and the ledger's. The reason is a
 * short tag (`monthly_allowance`), never free text, so that no personal data reaches the ledger.
 */
export async function issuePoints(
  deps: Deps,
  actor: Principal,
  household: string,
  input: { points: string; reason: string },
  idempotencyKey: string | undefined,
): Promise<{ household: string; points: string; reason: string; balance: string; transaction: string; hash: string }> {
  const community = actor.community;
  const row = await deps
    .knex('households')
    .select('code')
    .where({ community_id: community, code: household })
    .first<{ code: string } | undefined>();
  if (row === undefined) throw new ApiError('not_found');
  const transaction = await deps.ledger.post(
    pointsIssue({
      community,
      id: `points/${derivedId('points', actor, idempotencyKey)}`,
      actor: actor.userId,
      household,
      points: input.points,
      reason: input.reason,
    }),
  );
  const balance = await deps.ledger.balance(community, accountIds.householdPoints(household));
  return {
    household,
    points: input.points,
    reason: input.reason,
    balance: normalizeAmount(balance?.balance ?? '0', 0),
    transaction: transaction.id,
    hash: transaction.hash,
  };
}
