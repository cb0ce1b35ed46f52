// Hours a member has served: the approved service hours credited to their hour account, the
// basis of their star level (星级志愿者). Gifts, transfers and pool draws are not service.
import { AmountDecimal, books } from '@linli/ledger';
import type { Knex } from 'knex';

/**
 * The sum of the member's `service_credit` postings into their account (an approval, directly or
 * by a posted service hold, whose kind is the hold's), less what reversals of such credits took
 * back. Read with plain SQL from the ledger's tables (read-only) through the index on
 * (community_id, account_id, seq), because the ledger's statement would have to be paged through
 * whole to add it up. The sign tells the volunteer from the payer: a credit raises the
 * volunteer's account, and a reversal of it lowers the same account.
 */
export async function servedHours(db: Knex, community: string, member: string): Promise<string> {
  const row = (await db
    .first(db.raw('coalesce(sum(p.amount), 0)::text as served'))
    .from({ p: 'ledger_postings' })
    .join({ t: 'ledger_transactions' }, function joinTransaction() {
      this.on('t.community_id', '=', 'p.community_id').andOn('t.seq', '=', 'p.seq');
    })
    .leftJoin({ o: 'ledger_transactions' }, function joinOriginal() {
      this.on('o.community_id', '=', 't.community_id').andOn('o.id', '=', 't.reverses');
    })
    .where({ 'p.community_id': community, 'p.account_id': books.accountIds.memberHours(member) })
    .andWhere((clause) => {
      clause.where((credit) => credit.where('t.kind', 'service_credit').andWhere('p.amount', '>', 0)).orWhere((reversal) => reversal.where('t.kind', 'reversal').andWhere('o.kind', 'service_credit').andWhere('p.amount', '<', 0));
    })) as { served: string } | undefined;
  return new AmountDecimal(row?.served ?? '0').toFixed(2);
}

/** The star level for the hours served, and the hours the next level needs (null at 5★). */
export function starProgress(served: string): { level: number; nextLevelHours: string | null } {
  const level = books.starLevel(served);
  const next = books.starLevelHours[level];
  return { level, nextLevelHours: next === undefined ? null : new AmountDecimal(next).toFixed(2) };
}
