import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps, type Deps } from '../../src/deps.js';
import { openTestDatabase, type TestDatabase } from '../test-support/test-database.js';
import { demoStore } from '../../src/workflows/demo-history.js';
import { storesOfStaff } from '../../src/workflows/store-staff.js';
import { demoCommunity, demoPeople } from '../../src/demo/demo-data.js';
import { seedDemo } from '../../src/demo/seed.js';

describe('demo seed (PGlite in memory)', () => {
  let testDatabase: TestDatabase;
  let deps: Deps;

  beforeAll(async () => {
    testDatabase = await openTestDatabase('pglite');
    deps = createDeps({ database: testDatabase.database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: true });
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it('seeds an empty database once: an account for every role, marked as demo accounts', async () => {
    const outcome = await seedDemo(deps);
    expect(outcome.seeded).toBe(true);
    const users = (await deps.knex('users').select('username', 'role', 'is_demo').orderBy('username')) as {
      username: string;
      role: string;
      is_demo: boolean;
    }[];
    expect(users).toHaveLength(demoPeople.length);
    expect(new Set(users.map((user) => user.role))).toEqual(new Set(['member', 'staff', 'coordinator', 'auditor', 'admin']));
    expect(users.every((user) => user.is_demo)).toBe(true);
    if (outcome.seeded) {
      expect(outcome.people.members.map((member) => member.name)).toEqual(expect.arrayContaining(['王阿姨', '李师傅']));
      expect(outcome.people.households).toHaveLength(3);
    }
  });

  it('assigns the demo staff user to the demo store, so its counter works from the first start', async () => {
    const staff = (await deps.knex('users').select('id').where({ username: 'staff' }).first()) as { id: string };
    expect(await storesOfStaff(deps.knex, demoCommunity.id, staff.id)).toEqual([demoStore]);
  });

  it('does nothing the second time', async () => {
    const before = await deps.knex('users').count({ n: '*' }).first();
    expect(await seedDemo(deps)).toEqual({ seeded: false, reason: 'database_not_empty' });
    expect(await deps.knex('users').count({ n: '*' }).first()).toEqual(before);
  });
});

describe('demo seed on a database with another community (PGlite in memory)', () => {
  it('never runs: a database with real data gets no demo accounts', async () => {
    const testDatabase = await openTestDatabase('pglite');
    try {
      const deps = createDeps({ database: testDatabase.database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: true });
      await deps.knex('community_profiles').insert({ community_id: 'real-community', name: '真实社区', is_demo: false });
      expect(await seedDemo(deps)).toEqual({ seeded: false, reason: 'database_not_empty' });
      const rows = (await deps.knex('users').select('username')) as unknown[];
      expect(rows).toEqual([]);
    } finally {
      await testDatabase.drop();
    }
  });
});

describe('demo seed on a database whose ledger already has books (PGlite in memory)', () => {
  it('never runs', async () => {
    const testDatabase = await openTestDatabase('pglite');
    try {
      const deps = createDeps({ database: testDatabase.database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: true });
      if (!(await deps.knex.schema.hasTable('ledger_communities'))) return;
      await deps.knex('ledger_communities').insert({ community_id: 'books-only', name: '账本社区', created_at: new Date() });
      expect(await seedDemo(deps)).toEqual({ seeded: false, reason: 'database_not_empty' });
    } finally {
      await testDatabase.drop();
    }
  });
});

describe('demo seed cut off half-way (PGlite in memory)', () => {
  it('is all or nothing: a failure late in the seed leaves an empty database, which the next start seeds whole', async () => {
    const testDatabase = await openTestDatabase('pglite');
    try {
      const deps = createDeps({ database: testDatabase.database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: true });
      // The seed's last step fails, as a crash there would leave it.
      await deps.knex.raw(
        `create function test_seed_cut() returns trigger language plpgsql as $$ begin raise exception 'cut off by the test'; end $$`,
      );
      await deps.knex.raw('create trigger test_seed_cut before insert on store_staff for each row execute function test_seed_cut()');
      await expect(seedDemo(deps)).rejects.toThrow(/cut off by the test/);
      const count = async (table: string) => Number(((await deps.knex(table).count({ n: '*' }).first()) as { n: string | number }).n);
      for (const table of [
        'community_profiles',
        'users',
        'households',
        'ledger_communities',
        'ledger_accounts',
        'ledger_transactions',
        'audit_log',
      ])
        expect(await count(table), table).toBe(0);
      await deps.knex.raw('drop trigger test_seed_cut on store_staff');
      await deps.knex.raw('drop function test_seed_cut()');
      const outcome = await seedDemo(deps);
      expect(outcome.seeded).toBe(true);
      expect(await count('users')).toBe(demoPeople.length);
      const staff = (await deps.knex('users').select('id').where({ username: 'staff' }).first()) as { id: string };
      expect(await storesOfStaff(deps.knex, demoCommunity.id, staff.id)).toEqual([demoStore]);
      expect((await deps.ledger.verify(demoCommunity.id)).ok).toBe(true);
    } finally {
      await testDatabase.drop();
    }
  });
});
