// Hours a member has served: the approved service hours credited to their hour account, the
// basis of their star level (星级志愿者). Gifts, transfers and pool draws are not service.
import { AmountDecimal, books, formatAmount, standardUnits, type Ledger } from '@linli/ledger';

/** The kind of the transactions that pay a volunteer for service (a service hold's posting has it too). */
const serviceKind = 'service_credit';

/** The hour unit's scale, from the unit itself. */
const hourScale = scaleOfHours();

function scaleOfHours(): number {
  const hour = standardUnits.find((unit) => unit.code === 'HOUR');
  if (hour === undefined) throw new Error('assertion: HOUR is a standard unit');
  return hour.scale;
}

/**
 * The member's `service_credit` postings into their hour account (an approval, directly or by a
 * posted service hold), less what reversals of such credits took back: the ledger's
 * `creditedByKind`, which reads on from the last journal position it read for the member. A
 * member without an hour account has served nothing.
 */
export async function servedHours(ledger: Ledger, community: string, member: string): Promise<string> {
  const served = await ledger.creditedByKind(community, books.accountIds.memberHours(member), serviceKind);
  return served ?? formatAmount(new AmountDecimal(0), hourScale);
}

/** The star level for the hours served, and the hours the next level needs (null at 5★). */
export function starProgress(served: string): { level: number; nextLevelHours: string | null } {
  const level = books.starLevel(served);
  const next = books.starLevelHours[level];
  return { level, nextLevelHours: next === undefined ? null : formatAmount(new AmountDecimal(next), hourScale) };
}
