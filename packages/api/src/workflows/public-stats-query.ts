// The one read behind the public statistics: a community's service hours, donations and
// distributions per month, with how many distinct people each figure comes from.
//
// The ledger computes it (`Ledger.monthlyFigures`: one grouped scan of the asked months' postings
// on a database, the same rule in the in-memory model); this file says which postings count.
import type { CountedPostings, Ledger } from '@linli/ledger';

/** The transaction kinds counted, and what each figure means. */
export type StatisticKind = 'service_credit' | 'donation_in_kind' | 'distribution' | 'cash_donation';

export interface MonthlyRow {
  /** `2025-03`, in China Standard Time (UTC+8), the communities' calendar. */
  month: string;
  kind: StatisticKind;
  unit: string;
  /** The sum of the counted postings, at the unit's scale (`12.50`). */
  total: string;
  /** Distinct volunteers (service), donors (donations) or households (distribution). */
  parties: number;
}

/** China Standard Time, UTC+8, in minutes: the months the statistics are published by. */
const chinaStandardTimeOffsetMinutes = 8 * 60;

/**
 * Which postings are counted, per kind: the volunteer's side of a service credit (the payer's is
 * negative), the store's stock side of a donation in kind, the distributed side of a handout and
 * the fund's side of a cash donation. The person behind each posting: the volunteer's account,
 * or the transaction's pseudonymous `donor` or `household`.
 */
const counted: readonly (CountedPostings & { kind: StatisticKind })[] = [
  { kind: 'service_credit', accountPattern: 'member/%', unit: 'HOUR', party: 'account' },
  { kind: 'donation_in_kind', accountPattern: 'store/%/stock/%', party: { metadata: 'donor' } },
  { kind: 'distribution', accountPattern: 'distributed/%', party: { metadata: 'household' } },
  { kind: 'cash_donation', accountPattern: 'fund/%', unit: 'CNY', party: { metadata: 'donor' } },
];

const statisticKinds = new Set<string>(counted.map((entry) => entry.kind));

function isStatisticKind(kind: string): kind is StatisticKind {
  return statisticKinds.has(kind);
}

/**
 * A reversal of a counted posting counts with its own sign in the month it was made, so a figure
 * once published for a month stays as it was; a later correction shows in the month of the
 * correction. `from` and `to` are instants (`to` exclusive). The cost grows with the community's
 * journal, which is why the route caches answers for a minute. Rows come in byte order of month,
 * kind and unit, the same on every database.
 */
export async function monthlyFigures(ledger: Ledger, community: string, from: Date, to: Date): Promise<MonthlyRow[]> {
  const rows = await ledger.monthlyFigures(community, {
    from: from.toISOString(),
    to: to.toISOString(),
    utcOffsetMinutes: chinaStandardTimeOffsetMinutes,
    counted,
  });
  return rows.map((row) => {
    if (!isStatisticKind(row.kind)) throw new Error(`assertion: the ledger counted kind ${row.kind}, which was not asked for`);
    return { month: row.month, kind: row.kind, unit: row.unit, total: row.total, parties: row.parties };
  });
}
