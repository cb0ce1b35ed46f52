// The ledger's reads for served hours and public statistics give what the service's own SQL over the ledger's tables gave, on the demo community's books.
import { AmountDecimal, books } from '@linli/ledger';
import type { Knex } from 'knex';
import { beforeAll, expect, it } from 'vitest';
import { demoCommunity } from '../../src/demo/demo-data.js';
import { describeOnDatabases } from '../test-support/test-app.js';
import { monthlyFigures } from '../../src/workflows/public-stats-query.js';
import { servedHours } from '../../src/workflows/served-hours.js';

const community = demoCommunity.id;

async function rowsOf<T>(knex: Knex, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const result = (await knex.raw(sql, bindings as never[])) as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** Served hours as the service read them from the ledger's tables before the ledger had the read. */
async function servedHoursBefore(knex: Knex, member: string): Promise<string> {
  const [row] = await rowsOf<{ served: string }>(
    knex,
    `select coalesce(sum(p.amount) filter (where (t.kind = 'service_credit' and p.amount > 0) or (t.kind = 'reversal' and o.kind = 'service_credit' and p.amount < 0)), 0)::text as served
       from ledger_postings p
       join ledger_transactions t on t.community_id = p.community_id and t.seq = p.seq
       left join ledger_transactions o on o.community_id = t.community_id and o.id = t.reverses
      where p.community_id = ? and p.account_id = ? and p.seq > ?::bigint`,
    [community, books.accountIds.memberHours(member), '0'],
  );
  return new AmountDecimal(row?.served ?? '0').toFixed(2);
}

/** The public statistics' monthly figures as the service read them from the ledger's tables before. */
async function monthlyFiguresBefore(
  knex: Knex,
  from: Date,
  to: Date,
): Promise<{ month: string; kind: string; unit: string; total: string; parties: number }[]> {
  const rows = await rowsOf<{ month: string; kind: string; unit: string; total: string; parties: number | string }>(
    knex,
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
  );
  return rows.map((row) => ({ month: row.month, kind: row.kind, unit: row.unit, total: row.total, parties: Number(row.parties) }));
}

describeOnDatabases('the ledger’s reads against the service’s former SQL', (handle) => {
  beforeAll(async () => {
    // Corrections in another month than the original, of each counted kind, in full and in part.
    const { ledger } = handle.get().deps;
    const journal: { id: string; kind: string; postings: { account: string; unit: string; amount: string }[] }[] = [];
    for await (const transaction of ledger.journal(community)) journal.push(transaction);
    const later = '2030-01-15T02:00:00.000Z';
    for (const kind of ['service_credit', 'donation_in_kind', 'distribution', 'cash_donation']) {
      const [first, second] = journal.filter((transaction) => transaction.kind === kind);
      if (first === undefined || second === undefined) throw new Error(`the demo history has no two ${kind} transactions`);
      await ledger.reverse({ community, id: `${first.id}/reversal`, reverses: first.id, actor: 'auditor-test', effectiveAt: later });
      const part = second.postings.map((posting) => ({
        account: posting.account,
        unit: posting.unit,
        amount: new AmountDecimal(posting.amount)
          .negated()
          .dividedBy(posting.unit === 'HOUR' || posting.unit === 'CNY' ? 4 : 1)
          .toFixed(posting.unit === 'HOUR' || posting.unit === 'CNY' ? 2 : 0),
      }));
      await ledger.reverse({ community, id: `${second.id}/part`, reverses: second.id, actor: 'auditor-test', postings: part });
    }
  });

  it('gives every member the served hours the former SQL gave', async () => {
    const { deps, demoUsers } = handle.get();
    const members = [...demoUsers.values(), 'u-nobody'];
    const served: string[] = [];
    for (const member of members) {
      const before = await servedHoursBefore(deps.knex, member);
      expect(await servedHours(deps.ledger, community, member), member).toBe(before);
      // Read again: the second read goes on from where the first left off.
      expect(await servedHours(deps.ledger, community, member), member).toBe(before);
      served.push(before);
    }
    expect(served.filter((hours) => hours !== '0.00').length).toBeGreaterThan(1);
  });

  it('gives the monthly figures the former SQL gave, over the whole history and over part of it', async () => {
    const { deps } = handle.get();
    const whole = [new Date('2020-01-01T00:00:00+08:00'), new Date('2031-01-01T00:00:00+08:00')] as const;
    const before = await monthlyFiguresBefore(deps.knex, ...whole);
    expect(before.length).toBeGreaterThan(4);
    expect(new Set(before.map((row) => row.kind))).toEqual(
      new Set(['service_credit', 'donation_in_kind', 'distribution', 'cash_donation']),
    );
    expect(before.some((row) => row.month === '2030-01')).toBe(true);
    expect(await monthlyFigures(deps.ledger, community, ...whole)).toEqual(before);
    const month = before[0]?.month as string;
    const part = [new Date(`${month}-01T00:00:00+08:00`), new Date('2030-01-01T00:00:00+08:00')] as const;
    expect(await monthlyFigures(deps.ledger, community, ...part)).toEqual(await monthlyFiguresBefore(deps.knex, ...part));
  });
});
