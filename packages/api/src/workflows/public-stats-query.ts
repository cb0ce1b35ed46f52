// The one query behind the public statistics: a community's service hours, donations and
// distributions per month, with how many distinct people each figure comes from.
//
// Plain SQL over the ledger's tables (ledger_postings, ledger_transactions), read-only, rather
// than the ledger's journal: the journal is read from the first transaction on, page by page,
// and would be summed in JavaScript, while this is one grouped scan of the postings of the asked
// months, filtered by community first like every query of the ledger's tables. It reads columns
// the ledger's migration defines; if the ledger's schema changes, this file changes with it.
import type { Knex } from 'knex';

/** The transaction kinds counted, and what each figure means. */
export type StatisticKind = 'service_credit' | 'donation_in_kind' | 'distribution' | 'cash_donation';

interface RawRow {
  month: string;
  kind: StatisticKind;
  unit: string;
  total: string;
  parties: number | string;
}

export interface MonthlyRow {
  /** `2025-03`, in China Standard Time (UTC+8), the communities' calendar. */
  month: string;
  kind: StatisticKind;
  unit: string;
  /** The sum of the counted postings, as the database writes it (`12.50`). */
  total: string;
  /** Distinct volunteers (service), donors (donations) or households (distribution). */
  parties: number;
}

/**
 * Which postings are counted, per kind: the volunteer's side of a service credit (the payer's is
 * negative), the store's stock side of a donation in kind, the distributed side of a handout and
 * the fund's side of a cash donation. A reversal of one of these counts with its own sign in the
 * month it was made, so a figure once published for a month stays as it was; a later correction
 * shows in the month of the correction. The person behind each posting: the volunteer's account,
 * or the transaction's pseudonymous `donor` or `household` (the original's, for a reversal).
 *
 * `from` and `to` are instants (`to` exclusive). No index of the ledger covers `effective_at`, so
 * the query reads the community's postings and keeps those in range: its cost grows with the
 * community's journal, which is why the route caches answers for a minute. Rows come in byte
 * order of month, kind and unit (collate "C"), the same on every database.
 */
export async function monthlyFigures(db: Knex, community: string, from: Date, to: Date): Promise<MonthlyRow[]> {
  const result = (await db.raw(
    `select to_char(date_trunc('month', (p.effective_at at time zone 'UTC') + interval '8 hours'), 'YYYY-MM') collate "C" as month,
            coalesce(o.kind, t.kind) collate "C" as kind,
            p.unit collate "C" as unit,
            sum(p.amount)::text as total,
            count(distinct case coalesce(o.kind, t.kind)
              when 'service_credit' then p.account_id
              when 'distribution' then coalesce(o.metadata, t.metadata) ->> 'household'
              else coalesce(o.metadata, t.metadata) ->> 'donor' end)::int as parties
       from ledger_postings p
       join ledger_transactions t on t.community_id = p.community_id and t.seq = p.seq
       left join ledger_transactions o on t.kind = 'reversal' and o.community_id = t.community_id and o.id = t.reverses
      where p.community_id = ? and p.effective_at >= ? and p.effective_at < ?
        and sign(p.amount) = case when t.kind = 'reversal' then -1 else 1 end
        and ((coalesce(o.kind, t.kind) = 'service_credit' and p.unit = 'HOUR' and p.account_id like 'member/%')
          or (coalesce(o.kind, t.kind) = 'donation_in_kind' and p.account_id like 'store/%/stock/%')
          or (coalesce(o.kind, t.kind) = 'distribution' and p.account_id like 'distributed/%')
          or (coalesce(o.kind, t.kind) = 'cash_donation' and p.unit = 'CNY' and p.account_id like 'fund/%'))
      group by 1, 2, 3
      order by 1, 2, 3`,
    [community, from, to],
  )) as { rows?: RawRow[] } | RawRow[];
  const rows = Array.isArray(result) ? result : (result.rows ?? []);
  return rows.map((row) => ({ month: row.month, kind: row.kind, unit: row.unit, total: row.total, parties: Number(row.parties) }));
}
