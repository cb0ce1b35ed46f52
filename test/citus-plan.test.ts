// The Citus distribution plan (migrations/citus/) against the freshly migrated schema: every table, key, foreign key, trigger and function accounted for, no feature Citus does not support, and the row-level checks keeping the ledger's invariants.
//
// Citus cannot be installed here, so this checks what can be checked without it: the catalogue
// of a database migrated as production would be (PGlite always, the PostgreSQL server too when
// DATABASE_URL is set), the plan file, and what Citus documents (test/citus/citus-support.ts).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { Ledger, PostgresStore, openDatabase, type Database } from '@linli/ledger';
import { createScratchDatabase, serverUrl } from '@linli/ledger/testing';
import { migrateToLatest } from '@linli/api';
import { readCatalogue, resolveSignatures, type Sql } from './citus/catalogue.js';
import { citusSupport, type CitusFeature } from './citus/citus-support.js';
import { checkPlan, type PlanCheck } from './citus/plan-check.js';
import { parsePlan, type DistributionPlan } from './citus/plan-file.js';
import { readCitusFile, splitStatements } from './citus/sql-statements.js';

interface Opened {
  database: Database;
  close(): Promise<void>;
}

const databases: { name: string; open(): Promise<Opened> }[] = [
  {
    name: 'PGlite',
    async open() {
      const database = openDatabase();
      return { database, close: () => database.close() };
    },
  },
  ...((url) =>
    url === undefined
      ? []
      : [
          {
            name: 'PostgreSQL',
            async open(): Promise<Opened> {
              const scratch = await createScratchDatabase(url);
              const database = openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
              return {
                database,
                async close() {
                  await database.close();
                  await scratch.drop();
                },
              };
            },
          },
        ])(serverUrl()),
];

function sqlOf(knex: Knex | Knex.Transaction): Sql {
  return async (statement, bindings = []) => {
    const result = (await knex.raw(statement, bindings as Knex.RawBinding[])) as
      | { rows?: Record<string, unknown>[] }
      | Record<string, unknown>[];
    return Array.isArray(result) ? result : (result.rows ?? []);
  };
}

/** Runs a file of SQL statements in one database transaction, as `psql --single-transaction` would. */
async function runFile(knex: Knex, text: string): Promise<void> {
  await knex.transaction(async (trx) => {
    for (const statement of await splitStatements(text)) await trx.raw(statement);
  });
}

async function check(run: Sql, plan: DistributionPlan): Promise<PlanCheck> {
  const catalogue = await readCatalogue(run);
  return checkPlan(
    catalogue,
    plan,
    await resolveSignatures(
      run,
      plan.functions.map((entry) => entry.signature),
    ),
  );
}

const rolledBack = new Error('rolled back on purpose');

describe('the plan file (migrations/citus/distribute.sql)', () => {
  it("is made only of statements the check reads, keeps knex's tables local and turns triggers on everywhere", async () => {
    const plan = await parsePlan(await readCitusFile('distribute.sql'));
    expect(plan.unrecognised).toEqual([]);
    expect(plan.localTables).toEqual(['knex_migrations', 'knex_migrations_lock']);
    expect(plan.settings).toEqual([
      { setting: 'citus.enable_unsafe_triggers', where: 'coordinator' },
      { setting: 'citus.enable_unsafe_triggers', where: 'workers' },
    ]);
    expect(plan.tables.every((table) => table.kind === 'distributed' && table.column === 'community_id')).toBe(true);
    expect(
      plan.functions.map((entry) => [entry.signature.replace(/\(.*/, ''), entry.argument, entry.colocateWith, entry.forceDelegation]),
    ).toEqual(
      [
        'linli_apply',
        'linli_post',
        'linli_post_all',
        'linli_hold_create',
        'linli_hold_release',
        'linli_hold_void',
        'linli_expire_holds',
      ].map((name) => [name, 'p_community', 'ledger_communities', true]),
    );
  });

  it('reports a statement of another shape instead of skipping it', async () => {
    const plan = await parsePlan(
      `select create_distributed_table('a', 'community_id', colocate_with := 'none');\nselect create_distributed_table('b', 'community_id', shard_count := 8);`,
    );
    expect(plan.tables.map((table) => table.table)).toEqual(['a']);
    expect(plan.unrecognised).toEqual([`select create_distributed_table('b', 'community_id', shard_count := 8)`]);
    // Reading the tree, not the text: spacing, case and argument style do not matter; other calls are reported.
    const spaced = await parsePlan(
      `SELECT create_distributed_table( 'c' ,\n 'community_id', colocate_with => 'a' ); select create_distributed_function('f(text)', '$1'); select 1; select citus_add_node('w1', 5432)`,
    );
    expect(spaced.tables.map((table) => [table.table, table.colocateWith])).toEqual([['c', 'a']]);
    expect(spaced.functions).toEqual([{ signature: 'f(text)', argument: '$1', colocateWith: null, forceDelegation: false }]);
    expect(spaced.unrecognised).toEqual(['select 1', `select citus_add_node('w1', 5432)`]);
  });
});

describe.each(databases)('the distribution plan against the schema migrated on $name', ({ open }) => {
  let opened: Opened;
  let sql: Sql;
  let plan: DistributionPlan;

  /** The check's problems with `statements` applied in a database transaction that is then rolled back. */
  async function problemsWith(statements: string, against: DistributionPlan = plan): Promise<string[]> {
    let problems: string[] = [];
    await opened.database.knex
      .transaction(async (trx) => {
        for (const statement of await splitStatements(statements)) await trx.raw(statement);
        problems = (await check(sqlOf(trx), against)).problems;
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    return problems;
  }

  beforeAll(async () => {
    opened = await open();
    await migrateToLatest(opened.database.knex);
    sql = sqlOf(opened.database.knex);
    plan = await parsePlan(await readCitusFile('distribute.sql'));
  });
  afterAll(async () => opened.close());

  describe('as the migrations leave it', () => {
    it('relies on triggers over transition tables, which Citus cannot run on a distributed table: row-level-checks.sql must run first', async () => {
      const { problems } = await check(sql, plan);
      expect(problems).toEqual([
        expect.stringMatching(
          /^Triggers over transition tables \(ledger_postings_checked on ledger_postings \(new_postings\); ledger_transactions_checked on ledger_transactions \(new_transactions\)\): Citus: .* Instead: migrations\/citus\/row-level-checks.sql/,
        ),
        expect.stringMatching(
          /^Trigger queries that do not filter on their row's community \(ledger_check_new_postings for ledger_postings_checked on ledger_postings: .*; ledger_check_new_transactions for ledger_transactions_checked on ledger_transactions: /,
        ),
      ]);
    });
  });

  describe('after migrations/citus/row-level-checks.sql', () => {
    beforeAll(async () => runFile(opened.database.knex, await readCitusFile('row-level-checks.sql')));

    it('accounts for every table, key, foreign key, trigger and function of the schema', async () => {
      const { problems, features } = await check(sql, plan);
      expect(problems).toEqual([]);
      // Every table of the schema but knex's is distributed, so the check above read them all.
      const tables = await sql(
        `select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and relkind = 'r' order by 1`,
      );
      expect(features.get('distributed_table')?.slice().sort()).toEqual(
        tables.map((row) => String(row.name)).filter((name) => !name.startsWith('knex_')),
      );
    });

    it('relies on no feature Citus does not support, and docs/SCALING.md lists each one it relies on with what Citus says of it', async () => {
      const { features } = await check(sql, plan);
      const used = [...features.keys()].sort();
      expect(used.filter((feature) => citusSupport[feature].status === 'unsupported')).toEqual([]);
      expect(used).toEqual(
        (
          [
            'check_constraint',
            'data_modifying_cte',
            'deferred_constraint_trigger',
            'distributed_function',
            'distributed_table',
            'foreign_key_colocated',
            'foreign_key_not_valid',
            'foreign_key_on_delete_cascade',
            'primary_key',
            'row_trigger',
            'select_for_update',
            'statement_trigger',
            'system_column_in_function',
            'system_column_in_trigger',
            'truncate_trigger',
            'unique_index_partial',
          ] satisfies CitusFeature[]
        ).sort(),
      );
      const scaling = await readFile(new URL('../docs/SCALING.md', import.meta.url), 'utf8');
      expect(used.filter((feature) => !scaling.includes(citusSupport[feature].title))).toEqual([]);
    });

    it('keeps the statement-level triggers that only refuse, and no trigger over a transition table', async () => {
      const triggers = await sql(
        `select c.relname as table_name, t.tgname as name, (t.tgtype & 1) = 1 as per_row, t.tgnewtable is not null as transition
           from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal and c.relname like 'ledger_%' order by 1, 2`,
      );
      expect(triggers.filter((row) => row.transition === true)).toEqual([]);
      expect(triggers.filter((row) => row.per_row === false).map((row) => row.name)).toEqual([
        'ledger_accounts_no_truncate',
        'ledger_postings_no_truncate',
        'ledger_transactions_no_truncate',
      ]);
      expect(triggers.map((row) => row.name)).toEqual(
        expect.arrayContaining([
          'ledger_postings_with_their_transaction',
          'ledger_transactions_balanced',
          'ledger_transactions_immutable',
          'ledger_postings_immutable',
        ]),
      );
    });

    describe('fails when the schema changes and the plan does not follow', () => {
      it.each([
        [
          'a new table without a line in the plan',
          'create table gift_baskets (community_id text not null, id text not null, primary key (community_id, id))',
          /^table gift_baskets is not in the plan/,
        ],
        [
          'a unique key without community_id',
          'alter table stores add constraint stores_name_unique unique (name)',
          /^unique key stores_name_unique of stores does not include community_id \(name\)$/,
        ],
        [
          'a unique index without community_id',
          'create unique index needs_title on needs (title)',
          /^unique key needs_title of needs does not include community_id \(title\)$/,
        ],
        [
          'a primary key without community_id',
          'alter table donors drop constraint donors_pkey cascade, add primary key (ref)',
          /^primary key donors_pkey of donors does not include community_id \(ref\)$/,
        ],
        [
          'a foreign key that does not pair the communities',
          'alter table donations add constraint donations_store foreign key (store_id, community_id) references stores (community_id, id)',
          /^foreign key donations_store of donations does not pair community_id with stores\.community_id \(store_id, community_id → community_id, id\)$/,
        ],
        [
          'a foreign key with ON UPDATE CASCADE',
          'alter table donations add constraint donations_store foreign key (community_id, store_id) references stores (community_id, id) on update cascade',
          /^ON UPDATE CASCADE, SET NULL or SET DEFAULT \(donations_store of donations\): Citus: /,
        ],
        [
          'a foreign key with ON DELETE SET NULL',
          'alter table donations add constraint donations_store foreign key (community_id, store_id) references stores (community_id, id) on delete set null (store_id)',
          /^ON DELETE SET NULL or SET DEFAULT \(donations_store of donations\)/,
        ],
        [
          'a function that writes without a community argument',
          `create function close_all_accounts() returns void language sql as $$ update ledger_accounts set status = 'closed' $$`,
          /^function close_all_accounts\(\) writes \(writes ledger_accounts\) and the plan does not distribute it by its community argument$/,
        ],
        [
          'a function that calls a writing function without a community argument of its own',
          `create function expire_everywhere() returns void language plpgsql as $$ begin perform linli_expire_holds('xianlin', now()); end $$`,
          /^function expire_everywhere\(\) writes \(calls linli_expire_holds\) and the plan does not distribute it/,
        ],
        [
          'a read-only function the plan does not distribute',
          `create function community_count() returns bigint language sql stable as $$ select count(*) from ledger_communities $$`,
          /^function community_count\(\) is not distributed by the plan, so it would not exist on the workers$/,
        ],
        [
          'a statement-level trigger over a transition table',
          `create function count_new_holds() returns trigger language plpgsql as $$ begin perform count(*) from new_holds; return null; end $$;
           create trigger ledger_holds_counted after insert on ledger_holds referencing new table as new_holds for each statement execute function count_new_holds()`,
          /^Triggers over transition tables \(ledger_holds_counted on ledger_holds \(new_holds\)\)/,
        ],
        [
          "a row trigger that writes another community's rows",
          `create function audit_everywhere() returns trigger language plpgsql as $$ begin update audit_log set actor = actor where target = new.id; return null; end $$;
           create trigger stores_audited after insert on stores for each row execute function audit_everywhere()`,
          /^Trigger queries that do not filter on their row's community \(audit_everywhere for stores_audited on stores: update audit_log set actor = actor where target = new\.id\)/,
        ],
        [
          'an integer sequence on a distributed table',
          'alter table stores add column number serial',
          /^Sequences smaller than bigint \(stores_number_seq \(integer\) for stores\.number\)/,
        ],
        [
          'an identity column on a distributed table',
          'alter table stores add column number bigint generated always as identity',
          /^Identity columns \(stores\.number\)/,
        ],
        [
          'a rule on a distributed table',
          `create rule stores_never_deleted as on delete to stores do instead nothing`,
          /^Rules \(stores_never_deleted on stores\)/,
        ],
      ])('%s', async (_name, statement, problem) => {
        expect(await problemsWith(statement)).toContainEqual(expect.stringMatching(problem));
      });

      it('a table without a primary key, even with a line in the plan', async () => {
        const withNotes = structuredClone(plan);
        withNotes.tables.push({
          table: 'gift_notes',
          kind: 'distributed',
          column: 'community_id',
          colocateWith: 'ledger_communities',
          order: withNotes.tables.length,
        });
        expect(await problemsWith('create table gift_notes (community_id text not null, note text)', withNotes)).toEqual([
          'table gift_notes has no primary key',
        ]);
      });

      it('a distributed function with a statement not held to its community', async () => {
        const withRename = structuredClone(plan);
        withRename.functions.push({
          signature: 'linli_rename_units(text)',
          argument: '$1',
          colocateWith: 'ledger_communities',
          forceDelegation: true,
        });
        const definition = `create function linli_rename_units(p_community text) returns void language plpgsql as $$
          begin
            update ledger_units set name = upper(name) where community_id = p_community;
            update ledger_accounts a set name = u.name from ledger_units u where u.community_id = p_community and a.unit = u.code;
          end $$`;
        expect(await problemsWith(definition, withRename)).toEqual([
          expect.stringMatching(
            /^function linli_rename_units\(text\) reads or writes ledger_accounts without holding it to p_community: update ledger_accounts a set name = u\.name from ledger_units u where/,
          ),
        ]);
      });

      it('a bigint sequence on a distributed table is what Citus documents, and passes', async () => {
        expect(await problemsWith('alter table stores add column number bigserial')).toEqual([]);
      });
    });

    describe('fails when the plan is wrong about the schema', () => {
      const changed = (change: (copy: DistributionPlan) => void): DistributionPlan => {
        const copy = structuredClone(plan);
        change(copy);
        return copy;
      };
      const move = (copy: DistributionPlan, table: string, to: number): void => {
        const index = copy.tables.findIndex((entry) => entry.table === table);
        const [entry] = copy.tables.splice(index, 1);
        if (entry === undefined) throw new Error(`assertion: the plan has ${table}`);
        copy.tables.splice(to, 0, entry);
        copy.tables.forEach((each, order) => (each.order = order));
      };

      it.each<[string, (copy: DistributionPlan) => void, RegExp]>([
        [
          'a line for a table the schema does not have',
          (copy) =>
            copy.tables.push({
              table: 'gift_baskets',
              kind: 'distributed',
              column: 'community_id',
              colocateWith: 'ledger_communities',
              order: copy.tables.length,
            }),
          /^the plan names table gift_baskets, which the schema does not have$/,
        ],
        [
          'a table distributed by another column',
          (copy) => ((copy.tables.find((entry) => entry.table === 'stores') as { column: string }).column = 'id'),
          /^table stores is distributed by id, not community_id$/,
        ],
        [
          'a table in a co-location group of its own',
          (copy) => ((copy.tables.find((entry) => entry.table === 'needs') as { colocateWith: string }).colocateWith = 'none'),
          /^table needs is in the co-location group of needs, not of ledger_communities/,
        ],
        [
          'a table co-located by default',
          (copy) => ((copy.tables.find((entry) => entry.table === 'needs') as { colocateWith: string }).colocateWith = 'default'),
          /^table needs is co-located by default/,
        ],
        [
          'a table distributed before the table its foreign key refers to',
          (copy) => move(copy, 'assignments', 1),
          /^table assignments is distributed before needs, which its foreign key assignments_community_id_need_id_foreign refers to$/,
        ],
        [
          "a reference table that a distributed table's key does not fit",
          (copy) =>
            Object.assign(copy.tables.find((entry) => entry.table === 'ledger_units') as object, {
              kind: 'reference',
              column: null,
              colocateWith: null,
            }),
          /^foreign key ledger_units_community_id_fkey of ledger_units points from a reference table at a distributed one/,
        ],
        [
          'a function distributed by an argument it does not take',
          (copy) => ((copy.functions[0] as { argument: string }).argument = 'p_other'),
          /^function linli_apply\(text,text,boolean,jsonb\) takes no argument p_other$/,
        ],
        [
          'a function distributed by an argument of another type',
          (copy) => ((copy.functions[0] as { argument: string }).argument = 'p_linked'),
          /^function linli_apply\(text,text,boolean,jsonb\) is distributed by p_linked \(boolean\), which is not the type of ledger_communities\.community_id \(text\)$/,
        ],
        [
          'a function distributed without an argument',
          (copy) => ((copy.functions[1] as { argument: string | null }).argument = null),
          /^function linli_post\(.*\) is distributed without a community argument$/,
        ],
        [
          'a function missing from the plan',
          (copy) => copy.functions.splice(4, 1),
          /^function linli_hold_release\(text,timestamp with time zone,text,text\) writes \(writes ledger_holds, ledger_accounts\) and the plan does not distribute it/,
        ],
        [
          'a function the schema does not have',
          (copy) =>
            copy.functions.push({
              signature: 'linli_apply(text)',
              argument: 'p_community',
              colocateWith: 'ledger_communities',
              forceDelegation: true,
            }),
          /^the plan distributes linli_apply\(text\), which the schema does not have$/,
        ],
        [
          'no citus.enable_unsafe_triggers on the workers',
          (copy) => (copy.settings = copy.settings.filter((setting) => setting.where !== 'workers')),
          /^Row-level triggers \(.*\) need citus\.enable_unsafe_triggers on the coordinator and on every worker/,
        ],
        ["knex's tables neither planned nor kept local", (copy) => (copy.localTables = []), /^table knex_migrations is not in the plan/],
      ])('%s', async (_name, change, problem) => {
        expect((await check(sql, changed(change))).problems).toContainEqual(expect.stringMatching(problem));
      });
    });

    describe("keeps the ledger's invariants with row-level checks", () => {
      const d = 'citus-rows';
      let ledger: Ledger;

      /** The message of the error a statement fails with, or 'committed'. */
      async function failure(statement: string): Promise<string> {
        try {
          await sql(statement);
          return 'committed';
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      }
      const transaction = (seq: number, id: string): string =>
        `insert into ledger_transactions (community_id, seq, id, kind, actor, memo, metadata, effective_at, recorded_at, body_hash, content_hash, hash)
           values ('${d}', ${seq}, '${id}', 'direct', 'sql', '', '{}', now(), now(), 'x', 'x', 'x')`;
      const postings = (seq: number, rows: [idx: number, account: string, unit: string, amount: string][]): string =>
        `insert into ledger_postings (community_id, seq, idx, account_id, unit, amount, balance_after, effective_at)
           values ${rows.map(([idx, account, unit, amount]) => `('${d}', ${seq}, ${idx}, '${account}', '${unit}', ${amount}, 0, now())`).join(', ')}`;
      /** Statements in one database transaction (a DO block), so the checks deferred to commit run at its end. */
      const together = (...statements: string[]): string => `do $$ begin ${statements.join('; ')}; end $$`;
      const inBlock = (statements: string): string => `begin ${statements}; exception when division_by_zero then null; end`;
      const balanced: [idx: number, account: string, unit: string, amount: string][] = [
        [1, 'issuance', 'HOUR', '-1.00'],
        [2, 'li', 'HOUR', '1.00'],
      ];
      const account = /violates foreign key constraint "ledger_postings_account_in_unit"/;
      const appended = /postings of citus-rows are added to transaction 1 after it was written/;

      beforeAll(async () => {
        ledger = new Ledger({ store: new PostgresStore(opened.database.knex, opened.database.kind) });
        await ledger.createCommunity({ id: d, name: '行级' });
        await ledger.createCommunity({ id: 'citus-other', name: '别处' });
        await ledger.openAccount({ community: d, id: 'issuance', unit: 'HOUR', name: 'issued', lowerLimit: null });
        await ledger.openAccount({ community: d, id: 'li', unit: 'HOUR', name: 'li', lowerLimit: null });
        await ledger.openAccount({ community: 'citus-other', id: 'wang', unit: 'HOUR', name: 'wang', lowerLimit: null });
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

      it("refuses an orphan posting, a posting on a missing account, another community's account or in another unit", async () => {
        expect(await failure(postings(90, balanced))).toMatch(/refers to transaction 90 that does not exist/);
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
        ).toMatch(account);
        expect(
          await failure(
            together(
              transaction(2, 'other-community'),
              postings(2, [
                [1, 'issuance', 'HOUR', '-1.00'],
                [2, 'wang', 'HOUR', '1.00'],
              ]),
            ),
          ),
        ).toMatch(account);
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
        ).toMatch(account);
      });

      it('refuses to commit a transaction that does not balance, or has one posting, or none', async () => {
        expect(
          await failure(
            together(transaction(2, 'short'), postings(2, [[1, 'issuance', 'HOUR', '-1.00']]), postings(2, [[2, 'li', 'HOUR', '0.99']])),
          ),
        ).toMatch(/short of citus-rows does not balance in HOUR/);
        expect(
          await failure(
            together(
              transaction(2, 'skewed'),
              postings(2, [
                [1, 'issuance', 'HOUR', '-1.00'],
                [2, 'li', 'HOUR', '1.01'],
              ]),
            ),
          ),
        ).toMatch(/skewed of citus-rows does not balance in HOUR/);
        expect(await failure(together(transaction(2, 'one'), postings(2, [[1, 'issuance', 'HOUR', '-1.00']])))).toMatch(
          /one of citus-rows has 1 postings; at least two/,
        );
        expect(await failure(transaction(2, 'none'))).toMatch(/none of citus-rows has 0 postings; at least two/);
      });

      it('refuses postings added to a committed transaction, balanced or not, in one statement, several or a subtransaction', async () => {
        expect(await failure(postings(1, [[3, 'li', 'HOUR', '5.00']]))).toMatch(appended);
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
        expect(
          await failure(
            `do $$ begin ${inBlock(
              postings(1, [
                [3, 'li', 'HOUR', '5.00'],
                [4, 'issuance', 'HOUR', '-5.00'],
              ]),
            )}; end $$`,
          ),
        ).toMatch(appended);
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
      });

      it('kept none of them', async () => {
        expect((await ledger.journalPage(d)).items.map((item) => [item.id, item.postings.length])).toEqual([['first', 2]]);
        expect(await ledger.balance(d, 'li')).toMatchObject({ balance: '1.00' });
        expect(await ledger.verify(d)).toMatchObject({ ok: true, transactions: 1 });
      });

      it('commits a transaction written in several statements or in a subtransaction that balances when it commits', async () => {
        expect(
          await failure(
            together(transaction(2, 'in-parts'), postings(2, [[1, 'issuance', 'HOUR', '-1.00']]), postings(2, [[2, 'li', 'HOUR', '1.00']])),
          ),
        ).toBe('committed');
        expect(await failure(`do $$ begin ${inBlock(`${transaction(3, 'in-block')}; ${postings(3, balanced)}`)}; end $$`)).toBe(
          'committed',
        );
        expect(await failure(`do $$ begin ${inBlock(transaction(4, 'block-then-postings'))}; ${postings(4, balanced)}; end $$`)).toBe(
          'committed',
        );
        expect(await failure(`do $$ begin ${transaction(5, 'postings-in-block')}; ${inBlock(postings(5, balanced))}; end $$`)).toBe(
          'committed',
        );
        expect(
          await sql(
            `select seq::int, count(*)::int as postings from ledger_postings where community_id = ? and seq between 2 and 5 group by seq order by seq`,
            [d],
          ),
        ).toEqual([2, 3, 4, 5].map((seq) => ({ seq, postings: 2 })));
      });

      it("takes the ledger's own writes: one at a time, coalesced, linked, holds and a reversal", async () => {
        const w = 'citus-writes';
        await ledger.createCommunity({ id: w, name: '写入' });
        await ledger.openAccount({ community: w, id: 'issuance', unit: 'HOUR', name: 'issued', lowerLimit: null });
        await ledger.openAccount({ community: w, id: 'li', unit: 'HOUR', name: 'li', lowerLimit: '0.00' });
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
        await Promise.all(['two', 'three', 'four'].map((id) => ledger.post(gift(id))));
        await ledger.postLinked(w, [gift('five'), gift('six')]);
        const hold = await ledger.createHold({
          community: w,
          id: 'h-1',
          kind: 'service_hold',
          actor: 'coord-1',
          from: 'li',
          to: 'issuance',
          unit: 'HOUR',
          amount: '1.00',
        });
        expect(hold.status).toBe('pending');
        await ledger.postHold({ community: w, holdId: 'h-1', transactionId: 'h-1/post', actor: 'coord-1', amount: '0.50' });
        await ledger.reverse({ community: w, id: 'one/back', reverses: 'one', actor: 'coord-1', memo: 'entered twice' });
        expect(await ledger.balance(w, 'li')).toMatchObject({ balance: '2.00', available: '2.00' });
        expect(await ledger.verify(w)).toMatchObject({ ok: true, transactions: 8 });
        expect((await ledger.trialBalance(w)).map((line) => line.net)).toEqual(['0.00']);
      });
    });
  });
});
