// The checks every migration list passes, and the ledger opening a database with its own migrations alone.
import { describe, expect, it } from 'vitest';
import { checkMigrationList, type NamedMigration } from './migration-list.js';
import { ledgerMigrations } from './migrations/index.js';
import { openLedger } from './open.js';

const step = async (): Promise<void> => {};
const named = (...names: string[]): NamedMigration[] => names.map((name) => ({ name, up: step, down: step }));

describe('a migration list', () => {
  it('is accepted with unique names in increasing order, one number each', () => {
    expect(() => checkMigrationList(named('0001-ledger', '0002-ledger-statement-checks', '0100-auth'))).not.toThrow();
  });

  it('is refused with a name used twice', () => {
    expect(() => checkMigrationList(named('0001-ledger', '0001-ledger'))).toThrow(/unique and in increasing order/);
  });

  it('is refused with names out of order', () => {
    expect(() => checkMigrationList(named('0002-ledger-statement-checks', '0001-ledger'))).toThrow(/unique and in increasing order/);
  });

  it('is refused with a number used by two migrations, unless the rules name that number', () => {
    const list = named('0310-member-accounts-pseudonymous', '0310-urgent-notifications');
    expect(() => checkMigrationList(list)).toThrow(/number 0310 is already used/);
    expect(() => checkMigrationList(list, { numbersUsedTwice: ['0310'] })).not.toThrow();
    expect(() => checkMigrationList([...list, ...named('0310-zz-third')], { numbersUsedTwice: ['0310'] })).toThrow(
      /number 0310 is already used/,
    );
  });

  it('is refused with a name that is not four digits, a dash and lowercase words', () => {
    for (const name of ['1-ledger', '0001_ledger', '0001-Ledger', '0001-ledger.js', '0001-'])
      expect(() => checkMigrationList(named(name)), name).toThrow(/is not four digits/);
  });
});

describe('the ledger’s own migrations', () => {
  it('are the ledger’s four, under the names databases recorded', () => {
    expect(ledgerMigrations.map((migration) => migration.name)).toEqual([
      '0001-ledger',
      '0002-ledger-statement-checks',
      '0003-ledger-postings-with-their-transaction',
      '0004-ledger-floors',
    ]);
  });

  it('open a ledger on an empty database without any table of the app', async () => {
    const opened = await openLedger();
    try {
      const ran = (await opened.database.knex('knex_migrations').orderBy('id').select('name')) as { name: string }[];
      expect(ran.map((row) => row.name)).toEqual(ledgerMigrations.map((migration) => migration.name));
      const tables = (
        (await opened.database.knex.raw(
          `select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'knex%' order by 1`,
        )) as { rows: { table_name: string }[] }
      ).rows.map((row) => row.table_name);
      expect(
        tables.every((table) => table.startsWith('ledger_')),
        tables.join(', '),
      ).toBe(true);
      await opened.ledger.createCommunity({ id: 'c1', name: 'one' });
      expect((await opened.ledger.verify('c1')).ok).toBe(true);
    } finally {
      await opened.close();
    }
  });
});
