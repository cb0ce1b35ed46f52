// The schema's own checks, read from the catalog and tried with SQL written past the ledger: keys lead with community_id, the journal is immutable, limits and balance hold.
//
// These are the database halves of the two-path checks (DESIGN.md, "The ledger"): each is tried
// here without the TypeScript checks in front of it. Runs on PGlite, and on PostgreSQL when
// DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from './ledger.js';
import { storeFixtures, type OpenedStore } from './test-support.js';

/** knex's own bookkeeping tables are not the project's and are not sharded. */
const knexTables = ['knex_migrations', 'knex_migrations_lock'];

type Row = Record<string, unknown>;

function rowsOf(result: unknown): Row[] {
  return Array.isArray(result) ? (result as Row[]) : ((result as { rows?: Row[] }).rows ?? []);
}

describe.each(storeFixtures().filter((fixture) => fixture.name !== 'memory'))('the schema on $name', (fixture) => {
  let opened: OpenedStore;
  let ledger: Ledger;
  const c = 'schema';

  async function sql(statement: string, bindings: readonly unknown[] = []): Promise<Row[]> {
    if (opened.sql === undefined) throw new Error(`assertion: the ${fixture.name} fixture runs SQL`);
    return rowsOf(await opened.sql(statement, bindings));
  }

  /** The message of the error a statement fails with, or 'committed'. */
  async function failure(statement: string, bindings: readonly unknown[] = []): Promise<string> {
    try {
      await sql(statement, bindings);
      return 'committed';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  beforeAll(async () => {
    opened = await fixture.open();
    ledger = opened.ledger();
    await ledger.createCommunity({ id: c, name: '模式' });
    await ledger.openAccount({ community: c, id: 'community/hours/issuance', unit: 'HOUR', name: 'issued', lowerLimit: null });
    await ledger.openAccount({
      community: c,
      id: 'member/wang/hours',
      unit: 'HOUR',
      name: 'wang',
      lowerLimit: '-5.00',
      upperLimit: '10.00',
    });
    await ledger.post({
      community: c,
      id: 'sc-1',
      kind: 'service_credit',
      actor: 'coord-1',
      postings: [
        { account: 'community/hours/issuance', unit: 'HOUR', amount: '-2.00' },
        { account: 'member/wang/hours', unit: 'HOUR', amount: '2.00' },
      ],
    });
  });
  afterAll(async () => opened.close());

  describe('every key and index leads with community_id (one community is one shard)', () => {
    it('every table has a primary key', async () => {
      const missing = await sql(
        `select c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and not (c.relname = any(?))
            and not exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p')
          order by 1`,
        [knexTables],
      );
      expect(missing).toEqual([]);
    });

    it('every primary, unique and foreign key leads with community_id, on both sides of a foreign key', async () => {
      const keys = await sql(
        `select c.relname as table_name, k.conname as key, k.contype as type, a.attname as first_column, ra.attname as referenced_first_column
           from pg_constraint k
           join pg_class c on c.oid = k.conrelid
           join pg_namespace n on n.oid = c.relnamespace
           left join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
           left join pg_attribute ra on ra.attrelid = k.confrelid and ra.attnum = k.confkey[1]
          where n.nspname = 'public' and k.contype in ('p', 'u', 'f') and not (c.relname = any(?))
          order by 1, 2`,
        [knexTables],
      );
      expect(keys.length).toBeGreaterThan(0);
      const offending = keys.filter(
        (key) => key.first_column !== 'community_id' || (key.type === 'f' && key.referenced_first_column !== 'community_id'),
      );
      expect(offending.map((key) => `${String(key.table_name)}.${String(key.key)} leads with ${String(key.first_column)}`)).toEqual([]);
    });

    it('every index, unique or not, leads with community_id', async () => {
      const indexes = await sql(
        `select c.relname as table_name, i.relname as index_name, a.attname as first_column
           from pg_index x
           join pg_class c on c.oid = x.indrelid
           join pg_class i on i.oid = x.indexrelid
           join pg_namespace n on n.oid = c.relnamespace
           left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0]
          where n.nspname = 'public' and not (c.relname = any(?))
          order by 1, 2`,
        [knexTables],
      );
      expect(indexes.length).toBeGreaterThan(0);
      const offending = indexes.filter((index) => index.first_column !== 'community_id');
      expect(
        offending.map(
          (index) => `${String(index.table_name)}.${String(index.index_name)} leads with ${String(index.first_column ?? 'an expression')}`,
        ),
      ).toEqual([]);
    });
  });

  describe('journal rows are never changed or deleted', () => {
    it.each([
      ['update ledger_transactions', `update ledger_transactions set memo = 'changed' where community_id = ?`],
      ['delete from ledger_transactions', `delete from ledger_transactions where community_id = ?`],
      ['update ledger_postings', `update ledger_postings set amount = amount * 2 where community_id = ?`],
      ['delete from ledger_postings', `delete from ledger_postings where community_id = ?`],
    ])('refuses %s', async (_name, statement) => {
      expect(await failure(statement, [c])).toMatch(/never changed or deleted/);
    });

    it.each(['ledger_postings', 'ledger_transactions'])('refuses truncate %s', async (table) => {
      expect(await failure(`truncate ${table} cascade`)).toMatch(/never changed or deleted/);
    });

    it('left the journal as it was', async () => {
      expect(await ledger.verify(c)).toMatchObject({ ok: true, transactions: 1 });
      expect((await ledger.getTransaction(c, 'sc-1'))?.postings.map((p) => p.amount)).toEqual(['-2.00', '2.00']);
    });
  });

  describe('CHECK constraints keep every balance within its limits', () => {
    const account = ['schema', 'member/wang/hours'];
    it('refuses a balance below the lower limit', async () => {
      expect(await failure(`update ledger_accounts set balance = -5.01 where community_id = ? and id = ?`, account)).toMatch(
        /ledger_accounts_within_lower_limit/,
      );
    });

    it('refuses a balance above the upper limit', async () => {
      expect(await failure(`update ledger_accounts set balance = 10.01 where community_id = ? and id = ?`, account)).toMatch(
        /ledger_accounts_within_upper_limit/,
      );
    });

    it('counts held and incoming amounts against the limits', async () => {
      expect(await failure(`update ledger_accounts set held = 7.01 where community_id = ? and id = ?`, account)).toMatch(
        /ledger_accounts_within_lower_limit/,
      );
      expect(await failure(`update ledger_accounts set incoming = 8.01 where community_id = ? and id = ?`, account)).toMatch(
        /ledger_accounts_within_upper_limit/,
      );
      expect(await failure(`update ledger_accounts set held = -1 where community_id = ? and id = ?`, account)).toMatch(/check constraint/);
    });

    it('refuses an account opened outside its own limits', async () => {
      const opened = await failure(
        `insert into ledger_accounts (community_id, id, unit, name, lower_limit, balance, created_at) values (?, 'member/li/hours', 'HOUR', 'li', 0, -1, now())`,
        ['schema'],
      );
      expect(opened).toMatch(/ledger_accounts_within_lower_limit/);
    });

    it('takes a balance at its limits exactly, and the ledger reads it', async () => {
      expect(await failure(`update ledger_accounts set balance = 10.00 where community_id = ? and id = ?`, account)).toBe('committed');
      expect((await ledger.balance(c, 'member/wang/hours'))?.balance).toBe('10.00');
      await sql(`update ledger_accounts set balance = 2.00 where community_id = ? and id = ?`, account);
    });
  });

  describe('a transaction must balance per unit when it commits (deferred trigger)', () => {
    /** One statement, so one database transaction: the deferred trigger runs at its commit. */
    function direct(community: string, seq: number, id: string, amounts: string[]): string {
      const postings = amounts
        .map((amount, index) => `(${index + 1}, '${index % 2 === 0 ? 'community/hours/issuance' : 'member/wang/hours'}', ${amount})`)
        .join(', ');
      return `with t as (
                insert into ledger_transactions (community_id, seq, id, kind, actor, memo, metadata, effective_at, recorded_at, body_hash, content_hash, hash)
                values ('${community}', ${seq}, '${id}', 'direct', 'sql', '', '{}', now(), now(), 'x', 'x', 'x')
                returning community_id, seq)
              insert into ledger_postings (community_id, seq, idx, account_id, unit, amount, balance_after, effective_at)
              select t.community_id, t.seq, p.idx, p.account, 'HOUR', p.amount, 0, now()
                from t cross join (values ${postings}) as p(idx, account, amount)`;
    }

    it('refuses postings that do not sum to zero', async () => {
      expect(await failure(direct(c, 2, 'direct-1', ['-1.00', '1.01']))).toMatch(/does not balance/);
    });

    it('refuses a transaction of one posting', async () => {
      expect(await failure(direct(c, 2, 'direct-2', ['-1.00']))).toMatch(/at least two/);
    });

    it('refuses a posting of zero', async () => {
      expect(await failure(direct(c, 2, 'direct-3', ['0', '0']))).toMatch(/check constraint/);
    });

    it('kept none of them, and takes a balanced one, which verify then finds outside the hash chain', async () => {
      expect((await ledger.journalPage(c)).items.map((transaction) => transaction.id)).toEqual(['sc-1']);
      expect(await failure(direct(c, 2, 'direct-4', ['-1.00', '1.00']))).toBe('committed');
      expect(await ledger.verify(c)).toMatchObject({ ok: false, firstBad: { seq: 2, id: 'direct-4' } });
    });
  });

  // Migration 0002 checks postings once per statement (triggers with transition tables) in place
  // of row-level foreign keys and a row trigger; these are those checks, tried past the ledger.
  describe('the statement-level checks of postings (in place of foreign keys)', () => {
    const d = 'schema-statements';
    const transaction = (seq: number, id: string): string =>
      `insert into ledger_transactions (community_id, seq, id, kind, actor, memo, metadata, effective_at, recorded_at, body_hash, content_hash, hash)
         values ('${d}', ${seq}, '${id}', 'direct', 'sql', '', '{}', now(), now(), 'x', 'x', 'x')`;
    const postings = (seq: number, rows: [idx: number, account: string, unit: string, amount: string][]): string =>
      `insert into ledger_postings (community_id, seq, idx, account_id, unit, amount, balance_after, effective_at)
         values ${rows.map(([idx, account, unit, amount]) => `('${d}', ${seq}, ${idx}, '${account}', '${unit}', ${amount}, 0, now())`).join(', ')}`;
    /** Statements in one database transaction (a DO block), so checks deferred to commit run at its end. */
    const together = (...statements: string[]): string => `do $$ begin ${statements.join('; ')}; end $$`;
    const balanced: [idx: number, account: string, unit: string, amount: string][] = [
      [1, 'issuance', 'HOUR', '-1.00'],
      [2, 'li', 'HOUR', '1.00'],
    ];

    beforeAll(async () => {
      await ledger.createCommunity({ id: d, name: '语句' });
      await ledger.openAccount({ community: d, id: 'issuance', unit: 'HOUR', name: 'issued', lowerLimit: null });
      await ledger.openAccount({ community: d, id: 'li', unit: 'HOUR', name: 'li', lowerLimit: null });
      await ledger.post({
        community: d,
        id: 'first',
        kind: 'service_credit',
        actor: 'coord-1',
        postings: [
          { account: 'issuance', unit: 'HOUR', amount: '-1.00' },
          { account: 'li', unit: 'HOUR', amount: '1.00' },
        ],
      });
    });

    it('are statement-level triggers on both journal tables, and the check at commit is deferred', async () => {
      const triggers = await sql(
        `select c.relname as table_name, t.tgname as name, (t.tgtype & 1) = 1 as per_row, t.tgenabled as enabled, t.tgdeferrable as deferrable, t.tginitdeferred as deferred
           from pg_trigger t join pg_class c on c.oid = t.tgrelid
          where t.tgname in ('ledger_postings_checked', 'ledger_transactions_checked', 'ledger_balance_checks_at_commit') order by 1`,
      );
      expect(triggers).toEqual([
        {
          table_name: 'ledger_balance_checks',
          name: 'ledger_balance_checks_at_commit',
          per_row: true,
          enabled: 'O',
          deferrable: true,
          deferred: true,
        },
        {
          table_name: 'ledger_postings',
          name: 'ledger_postings_checked',
          per_row: false,
          enabled: 'O',
          deferrable: false,
          deferred: false,
        },
        {
          table_name: 'ledger_transactions',
          name: 'ledger_transactions_checked',
          per_row: false,
          enabled: 'O',
          deferrable: false,
          deferred: false,
        },
      ]);
    });

    it('refuses an orphan posting: its transaction does not exist', async () => {
      expect(await failure(postings(90, balanced))).toMatch(/refers to transaction 90 that does not exist/);
    });

    it("refuses a posting on an account that does not exist, or that is another community's", async () => {
      expect(
        await failure(
          together(
            transaction(2, 'no-account'),
            postings(2, [
              [1, 'issuance', 'HOUR', '-1.00'],
              [2, 'zhao', 'HOUR', '1.00'],
            ]),
          ),
        ),
      ).toMatch(/refers to account zhao that does not exist/);
      // member/wang/hours is an account of the community 'schema', not of this one.
      expect(
        await failure(
          together(
            transaction(2, 'other-community'),
            postings(2, [
              [1, 'issuance', 'HOUR', '-1.00'],
              [2, 'member/wang/hours', 'HOUR', '1.00'],
            ]),
          ),
        ),
      ).toMatch(/refers to account member\/wang\/hours that does not exist/);
    });

    it('refuses a posting in another unit than its account', async () => {
      expect(
        await failure(
          together(
            transaction(2, 'unit'),
            postings(2, [
              [1, 'issuance', 'POINT', '-1'],
              [2, 'li', 'POINT', '1'],
            ]),
          ),
        ),
      ).toMatch(/in POINT is on account issuance in HOUR/);
    });

    it('refuses to commit a transaction written in several statements that does not balance, or has one posting, or none', async () => {
      expect(
        await failure(
          together(transaction(2, 'short'), postings(2, [[1, 'issuance', 'HOUR', '-1.00']]), postings(2, [[2, 'li', 'HOUR', '0.99']])),
        ),
      ).toMatch(/short of .* does not balance in HOUR/);
      expect(await failure(together(transaction(2, 'one'), postings(2, [[1, 'issuance', 'HOUR', '-1.00']])))).toMatch(
        /one of .* has 1 postings; at least two/,
      );
      expect(await failure(transaction(2, 'none'))).toMatch(/none of .* has 0 postings; at least two/);
    });

    // Migration 0003: a transaction's postings are written in the database transaction that writes it.
    const appended = /postings of schema-statements are added to transaction 1 after it was written/;

    it('refuses postings added later to a committed transaction that do not balance', async () => {
      expect(await failure(postings(1, [[3, 'li', 'HOUR', '5.00']]))).toMatch(appended);
      expect(
        await failure(
          postings(1, [
            [3, 'li', 'HOUR', '5.00'],
            [4, 'issuance', 'HOUR', '-4.00'],
          ]),
        ),
      ).toMatch(appended);
    });

    it('refuses balanced postings added later to a committed transaction, in one statement or several', async () => {
      expect(
        await failure(
          postings(1, [
            [3, 'li', 'HOUR', '5.00'],
            [4, 'issuance', 'HOUR', '-5.00'],
          ]),
        ),
      ).toMatch(appended);
      expect(await failure(together(postings(1, [[3, 'li', 'HOUR', '5.00']]), postings(1, [[4, 'issuance', 'HOUR', '-5.00']])))).toMatch(
        appended,
      );
      // Inside a subtransaction (a block with an exception handler) too.
      expect(
        await failure(
          `do $$ begin begin ${postings(1, [
            [3, 'li', 'HOUR', '5.00'],
            [4, 'issuance', 'HOUR', '-5.00'],
          ])}; exception when division_by_zero then null; end; end $$`,
        ),
      ).toMatch(appended);
      // Written with a new transaction of its own in the same database transaction changes nothing.
      expect(
        await failure(
          together(
            transaction(2, 'carrier'),
            postings(2, balanced),
            postings(1, [
              [3, 'li', 'HOUR', '5.00'],
              [4, 'issuance', 'HOUR', '-5.00'],
            ]),
          ),
        ),
      ).toMatch(appended);
      expect(await ledger.balance(d, 'li')).toMatchObject({ balance: '1.00' });
      expect(await ledger.verify(d)).toMatchObject({ ok: true, transactions: 1 });
    });

    it('kept none of them: the journal, the checks waiting for commit and the accounts are as they were', async () => {
      expect((await ledger.journalPage(d)).items.map((item) => [item.id, item.postings.length])).toEqual([['first', 2]]);
      expect(await sql(`select count(*)::int as waiting from ledger_balance_checks`)).toEqual([{ waiting: 0 }]);
      expect(await ledger.verify(d)).toMatchObject({ ok: true, transactions: 1 });
    });

    it('commits a transaction written in several statements that balances when it commits', async () => {
      expect(
        await failure(
          together(transaction(2, 'in-parts'), postings(2, [[1, 'issuance', 'HOUR', '-1.00']]), postings(2, [[2, 'li', 'HOUR', '1.00']])),
        ),
      ).toBe('committed');
      expect(
        await sql(`select count(*)::int as postings, sum(amount)::text as total from ledger_postings where community_id = ? and seq = 2`, [
          d,
        ]),
      ).toEqual([{ postings: 2, total: '0.00' }]);
      expect(await sql(`select count(*)::int as waiting from ledger_balance_checks`)).toEqual([{ waiting: 0 }]);
    });

    it('commits a transaction and its postings written in a subtransaction, or with the postings in one after it', async () => {
      const inBlock = (statements: string): string => `begin ${statements}; exception when division_by_zero then null; end`;
      expect(await failure(`do $$ begin ${inBlock(`${transaction(3, 'in-block')}; ${postings(3, balanced)}`)}; end $$`)).toBe('committed');
      expect(await failure(`do $$ begin ${inBlock(transaction(4, 'block-then-postings'))}; ${postings(4, balanced)}; end $$`)).toBe(
        'committed',
      );
      expect(await failure(`do $$ begin ${transaction(5, 'postings-in-block')}; ${inBlock(postings(5, balanced))}; end $$`)).toBe(
        'committed',
      );
      expect(
        await sql(
          `select seq::int, count(*)::int as postings from ledger_postings where community_id = ? and seq between 3 and 5 group by seq order by seq`,
          [d],
        ),
      ).toEqual([
        { seq: 3, postings: 2 },
        { seq: 4, postings: 2 },
        { seq: 5, postings: 2 },
      ]);
    });

    it("takes the ledger's own writes (linli_apply), one at a time, coalesced and linked", async () => {
      const w = 'schema-writes';
      await ledger.createCommunity({ id: w, name: '写入' });
      await ledger.openAccount({ community: w, id: 'issuance', unit: 'HOUR', name: 'issued', lowerLimit: null });
      await ledger.openAccount({ community: w, id: 'li', unit: 'HOUR', name: 'li', lowerLimit: null });
      const gift = (id: string) => ({
        community: w,
        id,
        kind: 'service_credit',
        actor: 'coord-1',
        postings: [
          { account: 'issuance', unit: 'HOUR', amount: '-0.50' },
          { account: 'li', unit: 'HOUR', amount: '0.50' },
        ],
      });
      await ledger.post(gift('one'));
      const coalesced = await Promise.all(['two', 'three', 'four'].map((id) => ledger.post(gift(id))));
      const linked = await ledger.postLinked(w, [gift('five'), gift('six')]);
      expect([...coalesced, ...linked].map((transaction) => transaction.seq).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
      expect(await ledger.balance(w, 'li')).toMatchObject({ balance: '3.00' });
      expect(await ledger.verify(w)).toMatchObject({ ok: true, transactions: 6 });
    });

    it.each([
      ['delete', `delete from ledger_accounts where community_id = '${d}' and id = 'li'`],
      ['a new id', `update ledger_accounts set id = 'li-2' where community_id = '${d}' and id = 'li'`],
      ['another community', `update ledger_accounts set community_id = 'schema' where community_id = '${d}' and id = 'li'`],
      ['truncate', `truncate ledger_accounts cascade`],
      // Migration 0003: its postings stay in its unit.
      ['another unit', `update ledger_accounts set unit = 'CNY' where community_id = '${d}' and id = 'li'`],
    ])('refuses to orphan postings by an account: %s', async (_name, statement) => {
      expect(await failure(statement)).toMatch(/ledger accounts are closed, never deleted or given another key/);
      expect(await ledger.balance(d, 'li')).toMatchObject({ unit: 'HOUR', balance: '1.00' });
    });

    it('refuses a unit change of an account with no postings, and takes a change of its name', async () => {
      await ledger.openAccount({ community: d, id: 'empty', unit: 'HOUR', name: 'empty', lowerLimit: null });
      expect(await failure(`update ledger_accounts set unit = 'POINT' where community_id = '${d}' and id = 'empty'`)).toMatch(
        /given another key or unit/,
      );
      expect(await failure(`update ledger_accounts set unit = unit, name = 'renamed' where community_id = '${d}' and id = 'empty'`)).toBe(
        'committed',
      );
      expect(await ledger.balance(d, 'empty')).toMatchObject({ unit: 'HOUR', balance: '0.00' });
    });
  });
});
