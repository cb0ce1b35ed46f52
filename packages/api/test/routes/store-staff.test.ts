// Store staff over HTTP: admins assign staff users to stores and remove them, every step audited;
// staff work (donations in kind, handouts, stock counts, stock on hand, receipts, the store's
// accounts) only in stores they are assigned to, and any other store answers 404 as if it did
// not exist.
import { books } from '@linli/ledger';
import { beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { demoCommunity, demoPassword } from '../../src/demo/demo-data.js';
import { demoAccount, describeOnDatabases, otherCommunity } from '../test-support/test-app.js';
import { assignStoreStaff, staffPerStoreMax } from '../../src/workflows/store-staff.js';

const { accountIds } = books;
const community = demoCommunity.id;
const store = 'xianlin-market';
let keySerial = 0;

describeOnDatabases('store staff', (handle) => {
  const app = () => handle.get();
  /** A staff user of the demo community who works in no store until a test assigns them. */
  let newcomer = '';
  const newcomerLogin = { community, username: 'staff-newcomer' };
  const bearer = async (who: Role | 'newcomer') => `Bearer ${await app().tokenFor(who === 'newcomer' ? newcomerLogin : demoAccount(who))}`;
  const post = async (path: string, body: object, who: Role | 'newcomer', key = `staff-${(keySerial += 1)}`) =>
    app()
      .http()
      .post(path)
      .set('Authorization', await bearer(who))
      .set('Idempotency-Key', key)
      .send(body);
  const get = async (path: string, who: Role | 'newcomer') =>
    app()
      .http()
      .get(path)
      .set('Authorization', await bearer(who));
  const remove = async (path: string, who: Role | 'newcomer') =>
    app()
      .http()
      .delete(path)
      .set('Authorization', await bearer(who));
  const audited = async (action: string) =>
    (await app().deps.knex('audit_log').select('actor', 'target', 'details').where({ community_id: community, action }).orderBy('at')) as {
      actor: string;
      target: string;
      details: Record<string, unknown>;
    }[];
  const assignments = async () =>
    (await app()
      .deps.knex('store_staff')
      .select('user_id', 'store_id')
      .where({ community_id: community })
      .orderByRaw('user_id collate "C", store_id collate "C"')) as { user_id: string; store_id: string }[];

  /**
   * What a staff user does at the counter of the demo store; each answers 2xx once they work there.
   * Each user hands a winter coat (one a month) to their own household, so quotas never interfere.
   */
  const counterWork = async (who: 'newcomer' | 'staff', donation: string, count: string) => ({
    stock: (await get(`/api/v1/stores/${store}/stock`, who)).status,
    donation: (
      await post(
        '/api/v1/donations/in-kind',
        { store, donor: { anonymous: true }, items: [{ item: 'oil-1l', quantity: '1' }], valuationMethod: 'catalogue_price' },
        who,
      )
    ).status,
    handout: (
      await post(
        '/api/v1/distributions',
        { store, household: app().demoHouseholds[who === 'newcomer' ? 1 : 2], items: [{ item: 'winter-coat', quantity: '1' }] },
        who,
      )
    ).status,
    countCreate: (await post('/api/v1/stock-counts', { store, lines: [{ item: 'oil-1l', counted: '1' }] }, who)).status,
    countGet: (await get(`/api/v1/stock-counts/${count}`, who)).status,
    receipt: (await get(`/api/v1/donations/${donation}/receipt`, who)).status,
    account: (await get(`/api/v1/accounts/${encodeURIComponent(accountIds.stock(store, 'oil-1l'))}/balance`, who)).status,
  });

  beforeAll(async () => {
    const created = await post(
      '/api/v1/users',
      { username: newcomerLogin.username, displayName: '新店员', role: 'staff', password: demoPassword },
      'admin',
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    newcomer = created.body.id as string;
  });

  it('lists the demo store’s staff: the demo staff user works there from the seed', async () => {
    const response = await get(`/api/v1/stores/${store}/staff`, 'coordinator');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      {
        userId: app().demoUsers.get('staff'),
        username: 'staff',
        displayName: expect.any(String),
        disabled: false,
        assignedAt: expect.any(String),
      },
    ]);
  });

  it('refuses an unassigned staff user every store’s work with 404, then allows it once assigned, and refuses it again once removed', async () => {
    // A donation in kind and a count in the demo store, by the demo staff user who works there.
    const donation = await post(
      '/api/v1/donations/in-kind',
      {
        store,
        donor: { anonymous: true },
        items: [
          { item: 'oil-1l', quantity: '5' },
          { item: 'winter-coat', quantity: '5' },
        ],
        valuationMethod: 'catalogue_price',
      },
      'staff',
    );
    expect(donation.status, JSON.stringify(donation.body)).toBe(201);
    const count = await post('/api/v1/stock-counts', { store, lines: [{ item: 'oil-1l', counted: '0' }] }, 'staff');
    expect(count.status, JSON.stringify(count.body)).toBe(201);
    const ids = [donation.body.id as string, count.body.id as string] as const;
    const notFound = { stock: 404, donation: 404, handout: 404, countCreate: 404, countGet: 404, receipt: 404, account: 404 };

    const oilBefore = (await app().deps.ledger.balance(community, accountIds.stock(store, 'oil-1l')))?.balance;
    expect(await counterWork('newcomer', ...ids)).toEqual(notFound);
    const confirm = await post(
      `/api/v1/stock-counts/${ids[1]}/confirm`,
      { reasons: [{ item: 'oil-1l', reason: 'miscounted' }] },
      'newcomer',
    );
    expect([confirm.status, confirm.body.code]).toEqual([404, 'not_found']);
    // Refused work changed nothing: no stock moved and the count is still only counted.
    expect((await app().deps.ledger.balance(community, accountIds.stock(store, 'oil-1l')))?.balance).toBe(oilBefore);
    expect((await get(`/api/v1/stock-counts/${ids[1]}`, 'staff')).body.status).toBe('counted');
    // Cash goes to a fund, not a store: any staff user may take it.
    expect(
      (
        await post(
          '/api/v1/donations/cash',
          { fund: 'elderly-care', amount: '10.00', donor: { anonymous: true }, method: 'cash' },
          'newcomer',
        )
      ).status,
    ).toBe(201);
    // The store's accounts are not listed either.
    expect((await get('/api/v1/accounts', 'newcomer')).body).toEqual({ items: [], next: null });

    const assigned = await post(`/api/v1/stores/${store}/staff`, { userId: newcomer }, 'admin');
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toEqual({
      userId: newcomer,
      username: newcomerLogin.username,
      displayName: '新店员',
      disabled: false,
      assignedAt: expect.any(String),
    });
    expect(await counterWork('newcomer', ...ids)).toEqual({
      stock: 200,
      donation: 201,
      handout: 201,
      countCreate: 201,
      countGet: 200,
      receipt: 200,
      account: 200,
    });
    expect(
      (await post(`/api/v1/stock-counts/${ids[1]}/confirm`, { reasons: [{ item: 'oil-1l', reason: 'miscounted' }] }, 'newcomer')).status,
    ).toBe(200);

    expect((await remove(`/api/v1/stores/${store}/staff/${newcomer}`, 'admin')).status).toBe(204);
    expect(await counterWork('newcomer', ...ids)).toEqual(notFound);
    // The demo staff user, still assigned, keeps working.
    expect(await counterWork('staff', ...ids)).toEqual({
      stock: 200,
      donation: 201,
      handout: 201,
      countCreate: 201,
      countGet: 200,
      receipt: 200,
      account: 200,
    });
  });

  it('assigns idempotently and removes idempotently, auditing only what changed', async () => {
    const assignedBefore = (await audited('store.staff_assigned')).length;
    const removedBefore = (await audited('store.staff_unassigned')).length;
    const first = await post(`/api/v1/stores/${store}/staff`, { userId: newcomer }, 'admin', 'assign-twice');
    expect(first.status).toBe(200);
    const replay = await post(`/api/v1/stores/${store}/staff`, { userId: newcomer }, 'admin', 'assign-twice');
    expect([replay.status, replay.headers['idempotent-replayed'], replay.body]).toEqual([200, 'true', first.body]);
    const again = await post(`/api/v1/stores/${store}/staff`, { userId: newcomer }, 'admin');
    expect([again.status, again.body]).toEqual([200, first.body]);
    const assignedLog = await audited('store.staff_assigned');
    expect(assignedLog).toHaveLength(assignedBefore + 1);
    expect(assignedLog.at(-1)).toEqual({ actor: app().demoUsers.get('admin'), target: `store:${store}`, details: { user: newcomer } });
    expect((await get(`/api/v1/stores/${store}/staff`, 'admin')).body.items.map((item: { userId: string }) => item.userId)).toContain(
      newcomer,
    );

    expect((await remove(`/api/v1/stores/${store}/staff/${newcomer}`, 'admin')).status).toBe(204);
    expect((await remove(`/api/v1/stores/${store}/staff/${newcomer}`, 'admin')).status).toBe(204);
    expect(await audited('store.staff_unassigned')).toHaveLength(removedBefore + 1);
    expect((await get(`/api/v1/stores/${store}/staff`, 'admin')).body.items.map((item: { userId: string }) => item.userId)).not.toContain(
      newcomer,
    );
  });

  it('refuses bad assignments with a clear problem and changes nothing', async () => {
    const before = await assignments();
    const otherStaff = app().otherUsers.get('staff') ?? '';
    const cases: [string, object, number, string, string | undefined][] = [
      [`/api/v1/stores/${store}/staff`, { userId: app().demoUsers.get('li-shifu') ?? '' }, 400, 'validation_failed', '/userId'],
      [`/api/v1/stores/${store}/staff`, { userId: 'u-nobody' }, 404, 'not_found', undefined],
      [`/api/v1/stores/${store}/staff`, { userId: otherStaff }, 404, 'not_found', undefined],
      ['/api/v1/stores/no-such-store/staff', { userId: newcomer }, 404, 'not_found', undefined],
      [`/api/v1/stores/${store}/staff`, { userId: 'Robert; drop table users' }, 400, 'validation_failed', '/userId'],
      [`/api/v1/stores/${store}/staff`, { userId: newcomer, role: 'admin' }, 400, 'validation_failed', '/role'],
      [`/api/v1/stores/${store}/staff`, {}, 400, 'validation_failed', '/userId'],
      ['/api/v1/stores/NOT_A_STORE/staff', { userId: newcomer }, 400, 'validation_failed', '/store'],
    ];
    for (const [path, body, status, code, pointer] of cases) {
      const response = await post(path, body, 'admin');
      expect([response.status, response.body.code], `${path} ${JSON.stringify(body)}`).toEqual([status, code]);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (pointer !== undefined) expect(response.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
    }
    const withoutKey = await app()
      .http()
      .post(`/api/v1/stores/${store}/staff`)
      .set('Authorization', await bearer('admin'))
      .send({ userId: newcomer });
    expect([withoutKey.status, withoutKey.body.code]).toEqual([400, 'idempotency_key_required']);
    expect((await remove(`/api/v1/stores/${store}/staff/u-nobody`, 'admin')).status).toBe(404);
    expect((await remove(`/api/v1/stores/${store}/staff/${otherStaff}`, 'admin')).status).toBe(404);
    expect((await remove(`/api/v1/stores/no-such-store/staff/${newcomer}`, 'admin')).status).toBe(404);
    expect((await get('/api/v1/stores/no-such-store/staff', 'admin')).status).toBe(404);
    // The database refuses an assignment to a store that does not exist, on any path (migration 0312).
    await expect(assignStoreStaff(app().deps.knex, community, newcomer, 'no-such-store')).rejects.toThrow(/store_staff_store/);
    expect(await assignments()).toEqual(before);
  });

  it('ends a user’s store assignments when their role changes away from staff', async () => {
    expect((await post(`/api/v1/stores/${store}/staff`, { userId: newcomer }, 'admin')).status).toBe(200);
    const changed = await app()
      .http()
      .patch(`/api/v1/users/${newcomer}`)
      .set('Authorization', await bearer('admin'))
      .send({ role: 'coordinator' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await assignments()).filter((row) => row.user_id === newcomer)).toEqual([]);
    expect((await audited('user.role_changed')).at(-1)?.details).toEqual({ from: 'staff', to: 'coordinator', storesLeft: store });
    const back = await app()
      .http()
      .patch(`/api/v1/users/${newcomer}`)
      .set('Authorization', await bearer('admin'))
      .send({ role: 'staff' });
    expect(back.status).toBe(200);
    expect((await get(`/api/v1/stores/${store}/staff`, 'admin')).body.items.map((item: { userId: string }) => item.userId)).not.toContain(
      newcomer,
    );
  });

  it('lets only one of several admins’ assignments at once take a store’s last staff place', async () => {
    const knex = app().deps.knex;
    const count = async () =>
      Number(
        (
          (await knex('store_staff').where({ community_id: community, store_id: store }).count({ count: '*' })) as [
            { count: string | number },
          ]
        )[0].count,
      );
    const staffUser = (name: string) => ({
      community_id: community,
      id: `u-${name.replace(/-/g, '')}`,
      username: name,
      display_name: name,
      role: 'staff',
      password_hash: 'x',
    });
    // Fill the store to one place below its limit with staff written directly.
    const fillers = Array.from({ length: staffPerStoreMax - 1 - (await count()) }, (_, index) => staffUser(`filler-${index}`));
    const racers = Array.from({ length: 6 }, (_, index) => staffUser(`racer-${index}`));
    await knex('users').insert([...fillers, ...racers]);
    await knex('store_staff').insert(fillers.map((user) => ({ community_id: community, user_id: user.id, store_id: store })));
    expect(await count()).toBe(staffPerStoreMax - 1);
    const replies = await Promise.all(racers.map(async (user) => post(`/api/v1/stores/${store}/staff`, { userId: user.id }, 'admin')));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 422, 422, 422, 422, 422]);
    for (const reply of replies.filter((entry) => entry.status === 422)) expect(reply.body.code).toBe('limit_reached');
    expect(await count()).toBe(staffPerStoreMax);
    // Leave the store as it was for the tests after this one.
    const added = [...fillers, ...racers].map((user) => user.id);
    await knex('store_staff').where({ community_id: community }).whereIn('user_id', added).delete();
  });

  it('keeps other communities out: their stores and users answer 404', async () => {
    const response = await app()
      .http()
      .get(`/api/v1/stores/${store}/staff`)
      .set('Authorization', `Bearer ${await app().tokenFor({ community: otherCommunity, username: 'admin' })}`);
    expect([response.status, response.body.code]).toEqual([404, 'not_found']);
  });
});
