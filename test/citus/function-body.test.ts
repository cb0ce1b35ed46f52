// The function reader of the Citus check: which tables a statement holds to one community, and which it does not.
import { describe, expect, it } from 'vitest';
import { readFunction, type ReadingContext } from './function-body.js';

const context: ReadingContext = {
  tables: new Set(['ledger_accounts', 'ledger_postings', 'ledger_transactions', 'ledger_holds']),
  functions: new Set(['linli_hold_release']),
  isCommunityValue: (fields) => fields.length === 1 && fields[0] === 'p_community',
};

/** The one statement of a PL/pgSQL function whose body is `statement`. */
async function read(statement: string) {
  const definition = `create function probe(p_community text, p_id text) returns void language plpgsql as $$ begin ${statement}; end $$`;
  const reading = await readFunction(definition, 'plpgsql', statement, context);
  expect(reading.statements).toHaveLength(1);
  return reading.statements[0];
}

describe('a statement is held to one community', () => {
  it.each([
    ['by a filter', `update ledger_accounts set name = name where community_id = p_community and id = p_id`],
    ['by a qualified filter through a cast', `select a.id from ledger_accounts a where a.community_id = p_community::text`],
    [
      'through a join on community_id',
      `select p.amount from ledger_transactions r join ledger_postings p on p.community_id = r.community_id and p.seq = r.seq where r.community_id = p_community`,
    ],
    ['by the value it inserts', `insert into ledger_holds (community_id, id) values (p_community, p_id)`],
    [
      'by the value an INSERT … SELECT inserts',
      `insert into ledger_postings (community_id, seq) select p_community, x.seq from jsonb_to_recordset('[]') as x(seq bigint)`,
    ],
    [
      'in a lateral subquery and a data-modifying CTE',
      `with moved as (update ledger_accounts a set balance = a.balance + 1 where a.community_id = p_community returning a.id) select m.id, l.id from moved m left join lateral (select id from ledger_accounts where community_id = p_community and id = m.id limit 1) l on true`,
    ],
  ])('%s', async (_name, statement) => {
    expect((await read(statement))?.unbound).toEqual([]);
  });
});

describe('a statement is not held to one community', () => {
  it.each([
    ['with no filter', `update ledger_accounts set name = name where id = p_id`, ['ledger_accounts']],
    [
      'when a joined table is tied to another column',
      `select p.amount from ledger_transactions r join ledger_postings p on p.seq = r.seq where r.community_id = p_community`,
      ['ledger_postings'],
    ],
    ['when the filter is an inequality', `select id from ledger_holds where community_id <> p_community`, ['ledger_holds']],
    ['when it inserts another value', `insert into ledger_holds (community_id, id) values (p_id, p_id)`, ['ledger_holds']],
    [
      'when a correlated subquery follows an unbound row',
      `select x.id from jsonb_to_recordset('[]') as x(community_id text, id text) where (select t.seq from ledger_transactions t where t.community_id = x.community_id) is null`,
      ['ledger_transactions'],
    ],
  ])('%s', async (_name, statement, unbound) => {
    expect((await read(statement))?.unbound).toEqual(unbound);
  });
});

describe('what else a statement does', () => {
  it('writes, locks rows, calls known functions and reads system columns', async () => {
    expect(
      await read(
        `select ctid, linli_hold_release(p_community, now(), p_id, 'voided') from ledger_holds where community_id = p_community for update`,
      ),
    ).toMatchObject({
      tables: ['ledger_holds'],
      writes: [],
      calls: ['linli_hold_release'],
      locksRows: true,
      systemColumns: ['ctid'],
    });
    expect(await read(`delete from ledger_holds where community_id = p_community`)).toMatchObject({
      writes: ['ledger_holds'],
      locksRows: false,
      dataModifyingCte: false,
    });
  });

  it('finds statements in expressions, assignments, loops and PERFORM, and dynamic SQL', async () => {
    const definition = `create function probe(p_community text) returns int language plpgsql as $$
      declare v int := (select count(*) from ledger_holds where community_id = p_community);
      begin
        v := (select count(*) from ledger_accounts);
        for v in select 1 from ledger_postings where community_id = p_community loop perform linli_hold_release(p_community, now(), 'h', 'voided'); end loop;
        execute 'select 1';
        return v;
      end $$`;
    const reading = await readFunction(definition, 'plpgsql', '', context);
    expect(reading.dynamicSql).toBe(true);
    expect(reading.statements.flatMap((statement) => statement.tables)).toEqual(
      expect.arrayContaining(['ledger_holds', 'ledger_accounts', 'ledger_postings']),
    );
    expect(reading.statements.flatMap((statement) => statement.unbound)).toEqual(['ledger_accounts']);
    expect(reading.statements.flatMap((statement) => statement.calls)).toEqual(['linli_hold_release']);
  });

  it('reads SQL functions too', async () => {
    const reading = await readFunction('', 'sql', `update ledger_accounts set status = 'closed'; select 1`, context);
    expect(reading.statements.map((statement) => [statement.text, statement.writes, statement.unbound])).toEqual([
      [`update ledger_accounts set status = 'closed'`, ['ledger_accounts'], ['ledger_accounts']],
      ['select 1', [], []],
    ]);
  });
});
