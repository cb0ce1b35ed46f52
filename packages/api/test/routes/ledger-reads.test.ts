// Balances, statements, account lists, the trial balance, verify, hold expiry and public
// statistics over HTTP, with exact expected amounts.
import { books } from '@linli/ledger';
import { beforeAll, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import { insertCommunity } from '../../src/communities.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { createMember } from '../../src/workflows/members.js';
import { demoAccount, describeOnDatabases, otherCommunity, type TestApp } from '../test-support/test-app.js';
import { openCatalogueItem, openCommunityBooks, openFund, openMemberAccount } from '../../src/workflows/community-books.js';
import { demoStore } from '../../src/workflows/demo-history.js';
import { startHoldExpiry } from '../../src/workflows/hold-expiry.js';
import { assignStoreStaff } from '../../src/workflows/store-staff.js';

const { accountIds, serviceCredit, serviceHold, hourGift, donationInKind, distribution, cashDonation } = books;
const community = 'xianlin';

async function newMember(app: TestApp, username: string, displayName: string): Promise<{ id: string; token: string }> {
  const coordinator: Principal = { userId: app.demoUsers.get('coordinator') ?? '', role: 'coordinator', community, tokenId: 'test' };
  const member = await createMember(app.deps, coordinator, { username, displayName, password: demoPassword });
  return { id: member.id, token: await app.tokenFor({ community, username }) };
}

describeOnDatabases('ledger reads', (handle) => {
  const bearer = async (role: 'member' | 'staff' | 'coordinator' | 'auditor' | 'admin') =>
    `Bearer ${await handle.get().tokenFor(demoAccount(role))}`;
  let volunteer: { id: string; token: string };
  let account: string;

  beforeAll(async () => {
    const app = handle.get();
    volunteer = await newMember(app, 'reads-volunteer', '读者志愿者');
    account = accountIds.memberHours(volunteer.id);
    const ledger = app.deps.ledger;
    await ledger.post(
      serviceCredit({
        community,
        id: 'reads/sc1',
        actor: 'test',
        volunteer: volunteer.id,
        payer: 'issuance',
        hours: '60.00',
        effectiveAt: '2025-01-10T02:00:00Z',
      }),
    );
    await ledger.post(
      serviceCredit({
        community,
        id: 'reads/sc2',
        actor: 'test',
        volunteer: volunteer.id,
        payer: 'issuance',
        hours: '45.50',
        effectiveAt: '2025-02-10T02:00:00Z',
      }),
    );
    await ledger.post(
      serviceCredit({
        community,
        id: 'reads/sc3',
        actor: 'test',
        volunteer: volunteer.id,
        payer: 'issuance',
        hours: '10.00',
        effectiveAt: '2025-03-10T02:00:00Z',
      }),
    );
    await ledger.reverse({
      community,
      id: 'reads/sc3-reversal',
      reverses: 'reads/sc3',
      actor: 'test',
      memo: 'recorded twice',
      effectiveAt: '2025-03-11T02:00:00Z',
    });
    // The volunteer asked for help too: 2.00 of their hours are held for wang-ayi.
    await ledger.createHold(
      serviceHold({
        community,
        id: 'reads/hold',
        actor: 'test',
        volunteer: app.demoUsers.get('wang-ayi') ?? '',
        payer: { member: volunteer.id },
        hours: '2.00',
      }),
    );
  });

  it('shows a member their hour account, hours served and star level', async () => {
    const response = await handle.get().http().get('/api/v1/me/balances').set('Authorization', `Bearer ${volunteer.token}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      hours: {
        id: account,
        unit: 'HOUR',
        name: `时间账户 ${volunteer.id}`,
        ownerRef: volunteer.id,
        status: 'open',
        balance: '105.50',
        available: '103.50',
        held: '2.00',
        incoming: '0.00',
        lowerLimit: '-10.00',
        upperLimit: null,
      },
      hoursServed: '105.50',
      starLevel: 1,
      nextStarLevelHours: '300.00',
    });
  });

  it('pages a member’s statement with the balance after each posting', async () => {
    const first = await handle.get().http().get('/api/v1/me/statement?limit=3').set('Authorization', `Bearer ${volunteer.token}`);
    expect(first.status).toBe(200);
    expect(
      first.body.items.map((line: { transactionId: string; amount: string; balanceAfter: string }) => [
        line.transactionId,
        line.amount,
        line.balanceAfter,
      ]),
    ).toEqual([
      ['reads/sc1', '60.00', '60.00'],
      ['reads/sc2', '45.50', '105.50'],
      ['reads/sc3', '10.00', '115.50'],
    ]);
    expect(first.body.next).toMatch(/^[0-9]+$/);
    const second = await handle
      .get()
      .http()
      .get(`/api/v1/me/statement?limit=3&cursor=${first.body.next}`)
      .set('Authorization', `Bearer ${volunteer.token}`);
    expect(
      second.body.items.map((line: { kind: string; amount: string; balanceAfter: string }) => [line.kind, line.amount, line.balanceAfter]),
    ).toEqual([['reversal', '-10.00', '105.50']]);
    expect(second.body.next).toBeNull();
    const bad = await handle
      .get()
      .http()
      .get('/api/v1/me/statement?cursor=abc&limit=500')
      .set('Authorization', `Bearer ${volunteer.token}`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual(['/cursor', '/limit']);
  });

  it('reads an account by its encoded id, now and at a past time', async () => {
    const path = `/api/v1/accounts/${encodeURIComponent(account)}/balance`;
    const now = await handle
      .get()
      .http()
      .get(path)
      .set('Authorization', await bearer('coordinator'));
    expect(now.status).toBe(200);
    expect(now.body).toEqual({ account, unit: 'HOUR', balance: '105.50', available: '103.50', held: '2.00', incoming: '0.00', at: null });
    // An auditor reads the member's account as the member's pseudonym, and opens it by that.
    const pseudonymous = accountIds.memberHours(handle.get().deps.pseudonyms.person(community, volunteer.id));
    const audited = await handle
      .get()
      .http()
      .get(`/api/v1/accounts/${encodeURIComponent(pseudonymous)}/balance`)
      .set('Authorization', await bearer('auditor'));
    expect(audited.body).toEqual({ ...now.body, account: pseudonymous });
    const past = await handle
      .get()
      .http()
      .get(`${path}?at=${encodeURIComponent('2025-01-31T23:59:59+08:00')}`)
      .set('Authorization', await bearer('coordinator'));
    expect(past.body).toMatchObject({ balance: '60.00', available: '60.00', held: '0' });
    const badTime = await handle
      .get()
      .http()
      .get(`${path}?at=yesterday`)
      .set('Authorization', await bearer('admin'));
    expect([badTime.status, badTime.body.code]).toEqual([400, 'validation_failed']);
    const statement = await handle
      .get()
      .http()
      .get(`/api/v1/accounts/${encodeURIComponent(account)}/statement?limit=1`)
      .set('Authorization', await bearer('admin'));
    expect(statement.body.items).toHaveLength(1);
    expect(statement.body.items[0]).toMatchObject({ transactionId: 'reads/sc1', balanceAfter: '60.00' });
    // Unencoded, the slashes are path segments and no route matches.
    const unencoded = await handle
      .get()
      .http()
      .get(`/api/v1/accounts/${account}/balance`)
      .set('Authorization', await bearer('auditor'));
    expect(unencoded.status).toBe(404);
  });

  it('answers 404 for another community’s account and for a missing one', async () => {
    const other = accountIds.memberHours(handle.get().otherUsers.get('member') ?? '');
    for (const id of [other, 'member/u-nobody/hours']) {
      const response = await handle
        .get()
        .http()
        .get(`/api/v1/accounts/${encodeURIComponent(id)}/balance`)
        .set('Authorization', await bearer('auditor'));
      expect([response.status, response.body.code]).toEqual([404, 'not_found']);
    }
  });

  it('lists accounts by id in pages, named without anyone’s name', async () => {
    const app = handle.get();
    const auditor = await app
      .http()
      .get('/api/v1/accounts?unit=HOUR&limit=100')
      .set('Authorization', await bearer('auditor'));
    expect(auditor.status).toBe(200);
    const pseudonym = app.deps.pseudonyms.person(community, volunteer.id);
    const seen = (auditor.body.items as { id: string; name: string; unit: string }[]).find(
      (item) => item.id === accountIds.memberHours(pseudonym),
    );
    expect(seen?.name).toBe(`时间账户 ${pseudonym}`);
    expect(JSON.stringify(auditor.body)).not.toMatch(/读者志愿者|王阿姨|张小明/);
    expect(JSON.stringify(auditor.body)).not.toContain(volunteer.id);
    expect((auditor.body.items as { unit: string }[]).every((item) => item.unit === 'HOUR')).toBe(true);
    const coordinator = await app
      .http()
      .get('/api/v1/accounts?unit=HOUR&limit=100')
      .set('Authorization', await bearer('coordinator'));
    expect((coordinator.body.items as { id: string; name: string }[]).find((item) => item.id === account)?.name).toBe(
      `时间账户 ${volunteer.id}`,
    );
    expect(JSON.stringify(coordinator.body)).not.toMatch(/读者志愿者|王阿姨|张小明/);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await app
        .http()
        .get(`/api/v1/accounts?limit=7${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)
        .set('Authorization', await bearer('admin'));
      ids.push(...(page.body.items as { id: string }[]).map((item) => item.id));
      cursor = page.body.next as string | null;
    } while (cursor !== null);
    const all = await app.deps.ledger.listAccounts(community, { limit: 1000 });
    expect(ids).toEqual(all.items.map((item) => item.id));
    // An auditor pages through the same accounts: the cursor, a pseudonymous id, is read back.
    const audited: string[] = [];
    cursor = null;
    do {
      const page = await app
        .http()
        .get(`/api/v1/accounts?limit=7${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)
        .set('Authorization', await bearer('auditor'));
      expect(page.status).toBe(200);
      audited.push(...(page.body.items as { id: string }[]).map((item) => item.id));
      cursor = page.body.next as string | null;
    } while (cursor !== null);
    expect(audited).toEqual(
      all.items.map((item) =>
        item.id.replace(/^member\/(u-[0-9a-z]+)\/hours$/, (_whole, id: string) =>
          accountIds.memberHours(app.deps.pseudonyms.person(community, id)),
        ),
      ),
    );
    const tooMany = await app
      .http()
      .get('/api/v1/accounts?limit=101')
      .set('Authorization', await bearer('admin'));
    expect([tooMany.status, tooMany.body.errors[0].pointer]).toEqual([400, '/limit']);
  });

  it('shows staff only the accounts of the stores they work in', async () => {
    const app = handle.get();
    const staff = app.demoUsers.get('staff') ?? '';
    await app.deps.knex('store_staff').where({ community_id: community, user_id: staff }).delete();
    const none = await app
      .http()
      .get('/api/v1/accounts')
      .set('Authorization', await bearer('staff'));
    expect(none.body).toEqual({ items: [], next: null });
    await assignStoreStaff(app.deps.knex, community, staff, demoStore);
    const mine = await app
      .http()
      .get('/api/v1/accounts?limit=100')
      .set('Authorization', await bearer('staff'));
    const ids = (mine.body.items as { id: string }[]).map((item) => item.id);
    // The stock accounts carry the store as their owner (the variance accounts carry none).
    expect(ids).toEqual(['flour-kg', 'milk-box', 'oil-1l', 'rice-5kg', 'winter-coat'].map((item) => accountIds.stock(demoStore, item)));
    const otherStore = await app
      .http()
      .get('/api/v1/accounts?store=another-store')
      .set('Authorization', await bearer('staff'));
    expect(otherStore.status).toBe(404);
    const memberAccount = await app
      .http()
      .get(`/api/v1/accounts/${encodeURIComponent(account)}/balance`)
      .set('Authorization', await bearer('staff'));
    expect(memberAccount.status).toBe(404);
    const stock = await app
      .http()
      .get(`/api/v1/accounts/${encodeURIComponent(accountIds.stock(demoStore, 'rice-5kg'))}/balance`)
      .set('Authorization', await bearer('staff'));
    expect(stock.status).toBe(200);
    expect(stock.body.balance).toBe((await app.deps.ledger.balance(community, accountIds.stock(demoStore, 'rice-5kg')))?.balance);
  });

  it('gives a balanced trial balance, now and at a past time', async () => {
    const now = await handle
      .get()
      .http()
      .get('/api/v1/audit/trial-balance')
      .set('Authorization', await bearer('coordinator'));
    expect(now.status).toBe(200);
    expect(now.body.balanced).toBe(true);
    expect((now.body.units as { unit: string }[]).map((line) => line.unit)).toEqual(expect.arrayContaining(['HOUR', 'CNY', 'POINT']));
    const hour = (now.body.units as { unit: string; debit: string; credit: string }[]).find((line) => line.unit === 'HOUR');
    expect(hour?.debit.startsWith('-')).toBe(true);
    const past = await handle
      .get()
      .http()
      .get(`/api/v1/audit/trial-balance?at=${encodeURIComponent('2025-02-01T00:00:00+08:00')}`)
      .set('Authorization', await bearer('auditor'));
    expect(past.body).toMatchObject({ at: '2025-02-01T00:00:00+08:00', balanced: true });
    expect((past.body.units as { unit: string; credit: string }[]).find((line) => line.unit === 'HOUR')?.credit).toBe('60.00');
  });

  it('verifies the hash chain', async () => {
    const response = await handle
      .get()
      .http()
      .get('/api/v1/audit/verify')
      .set('Authorization', await bearer('auditor'));
    expect(response.status).toBe(200);
    const expected = await handle.get().deps.ledger.verify(community);
    expect(response.body).toEqual(expected);
    expect(response.body.ok).toBe(true);
  });

  it('expires holds whose time has passed when an admin asks, and logs it', async () => {
    const app = handle.get();
    const payer = await newMember(app, 'reads-expiry', '过期测试');
    await app.deps.ledger.post(
      serviceCredit({ community, id: 'reads/expiry-credit', actor: 'test', volunteer: payer.id, payer: 'issuance', hours: '3.00' }),
    );
    await app.deps.ledger.createHold(
      serviceHold({
        community,
        id: 'reads/expiring',
        actor: 'test',
        volunteer: volunteer.id,
        payer: { member: payer.id },
        hours: '1.25',
        expiresAt: new Date(Date.now() + 1_000).toISOString(),
      }),
    );
    expect((await app.deps.ledger.balance(community, accountIds.memberHours(payer.id)))?.available).toBe('1.75');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const response = await app
      .http()
      .post('/api/v1/admin/expire-holds')
      .set('Authorization', await bearer('admin'))
      .set('Idempotency-Key', 'expire-1');
    expect(response.status).toBe(200);
    expect(response.body.expired).toBeGreaterThanOrEqual(1);
    expect((await app.deps.ledger.getHold(community, 'reads/expiring'))?.status).toBe('expired');
    expect((await app.deps.ledger.balance(community, accountIds.memberHours(payer.id)))?.available).toBe('3.00');
    expect((await app.deps.ledger.getHold(community, 'reads/hold'))?.status).toBe('pending');
    const logged = await app.deps
      .knex('audit_log')
      .select('action', 'details')
      .where({ community_id: community, action: 'ledger.holds_expired' });
    expect(logged).toEqual([{ action: 'ledger.holds_expired', details: { expired: response.body.expired } }]);
  });

  it('expires holds on a timer until stopped', async () => {
    const app = handle.get();
    expect(() => startHoldExpiry(app.deps, 10)).toThrow(/interval/);
    const payer = await newMember(app, 'reads-timer', '定时测试');
    await app.deps.ledger.post(
      serviceCredit({ community, id: 'reads/timer-credit', actor: 'test', volunteer: payer.id, payer: 'issuance', hours: '1.00' }),
    );
    await app.deps.ledger.createHold(
      serviceHold({
        community,
        id: 'reads/timed',
        actor: 'test',
        volunteer: volunteer.id,
        payer: { member: payer.id },
        hours: '0.50',
        expiresAt: new Date(Date.now() + 500).toISOString(),
      }),
    );
    const expiry = startHoldExpiry(app.deps, 1_000);
    try {
      for (
        let waited = 0;
        waited < 10_000 && (await app.deps.ledger.getHold(community, 'reads/timed'))?.status === 'pending';
        waited += 250
      ) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await expiry.stop();
    }
    expect((await app.deps.ledger.getHold(community, 'reads/timed'))?.status).toBe('expired');
    expect((await app.deps.ledger.balance(community, accountIds.memberHours(payer.id)))?.available).toBe('1.00');
  });

  describeStatistics(handle);
});

/** Public statistics on a community of their own, where every figure is known. */
function describeStatistics(handle: { get(): TestApp }): void {
  const town = 'stats-town';
  const volunteers = ['u-s1', 'u-s2', 'u-s3', 'u-s4', 'u-s5', 'u-s6'];

  beforeAll(async () => {
    const app = handle.get();
    const ledger = app.deps.ledger;
    await insertCommunity(app.deps.knex, { id: town, name: '统计社区', isDemo: false });
    await ledger.createCommunity({ id: town, name: '统计社区' });
    await openCommunityBooks(ledger, town);
    for (const id of volunteers) await openMemberAccount(ledger, town, id);
    await openCatalogueItem(ledger, town, 'store-a', { code: 'rice-5kg', name: '大米 5kg', scale: 0 });
    await openFund(ledger, town, 'care', '助老基金');
    // January (China Standard Time): six volunteers serve 2.00 each; one credit is then reversed.
    for (const [index, id] of volunteers.entries()) {
      await ledger.post(
        serviceCredit({
          community: town,
          id: `jan/${id}`,
          actor: 'test',
          volunteer: id,
          payer: 'issuance',
          hours: '2.00',
          effectiveAt: `2025-01-${10 + index}T02:00:00Z`,
        }),
      );
    }
    await ledger.reverse({
      community: town,
      id: 'jan/u-s6/reversal',
      reverses: 'jan/u-s6',
      actor: 'test',
      effectiveAt: '2025-01-20T02:00:00Z',
    });
    // 20:00 UTC on 31 January is 04:00 on 1 February in Nanjing: a February credit.
    await ledger.post(
      serviceCredit({
        community: town,
        id: 'feb/u-s1',
        actor: 'test',
        volunteer: 'u-s1',
        payer: 'issuance',
        hours: '1.50',
        effectiveAt: '2025-01-31T20:00:00Z',
      }),
    );
    await ledger.post(
      serviceCredit({
        community: town,
        id: 'feb/u-s2',
        actor: 'test',
        volunteer: 'u-s2',
        payer: 'issuance',
        hours: '1.00',
        effectiveAt: '2025-02-03T02:00:00Z',
      }),
    );
    // A gift is not service, and neither is the payer's side of a credit.
    await ledger.post(hourGift({ community: town, id: 'jan/gift', actor: 'u-s1', from: 'u-s1', to: { member: 'u-s2' }, hours: '0.50' }));
    for (let donor = 1; donor <= 5; donor += 1) {
      await ledger.post(
        donationInKind({
          community: town,
          id: `jan/rice/${donor}`,
          actor: 'test',
          store: 'store-a',
          item: 'rice-5kg',
          quantity: '2',
          donor: `D-${donor}`,
          fairValue: '90.00',
          valuationMethod: 'catalogue_price',
          effectiveAt: '2025-01-15T02:00:00Z',
        }),
      );
      await ledger.post(
        cashDonation({
          community: town,
          id: `jan/cash/${donor}`,
          actor: 'test',
          fund: 'care',
          amount: '100.00',
          donor: `D-${donor}`,
          method: 'wechat_pay',
          effectiveAt: '2025-01-16T02:00:00Z',
        }),
      );
    }
    await ledger.post(
      cashDonation({
        community: town,
        id: 'feb/cash/1',
        actor: 'test',
        fund: 'care',
        amount: '800.00',
        donor: 'D-9',
        method: 'cash',
        effectiveAt: '2025-02-16T02:00:00Z',
      }),
    );
    for (const household of ['HH-AAAA1', 'HH-AAAA2', 'HH-AAAA3']) {
      await ledger.post(
        distribution({
          community: town,
          id: `jan/out/${household}`,
          actor: 'test',
          store: 'store-a',
          household,
          items: [{ item: 'rice-5kg', quantity: '1' }],
        }),
      );
    }
  });

  it('publishes monthly figures without a login and suppresses those from fewer than five people', async () => {
    const response = await handle.get().http().get(`/api/v1/public/stats?community=${town}&from=2025-01&to=2025-03`);
    expect(response.status).toBe(200);
    const [january, february, march] = response.body.months as Record<string, unknown>[];
    expect(january).toEqual({
      month: '2025-01',
      hoursServed: { value: '10.00', count: 6, suppressed: false },
      goodsDonated: [{ unit: 'ITEM:rice-5kg', name: '大米 5kg', value: '10', count: 5, suppressed: false }],
      goodsDistributed: [],
      cashDonated: { value: '500.00', count: 5, suppressed: false },
    });
    expect(february).toEqual({
      month: '2025-02',
      hoursServed: { value: null, count: null, suppressed: true },
      goodsDonated: [],
      goodsDistributed: [],
      cashDonated: { value: null, count: null, suppressed: true },
    });
    expect(march).toMatchObject({ month: '2025-03', hoursServed: { value: '0.00', count: 0, suppressed: false } });
    expect(response.body).toMatchObject({ community: town, from: '2025-01', to: '2025-03', suppressionThreshold: 5 });
  });

  it('counts handouts in the month they are recorded, suppressed below five households', async () => {
    const now = new Date();
    const month = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    const response = await handle.get().http().get(`/api/v1/public/stats?community=${town}&from=${month}&to=${month}`);
    expect(response.body.months[0].goodsDistributed).toEqual([
      { unit: 'ITEM:rice-5kg', name: '大米 5kg', value: null, count: null, suppressed: true },
    ]);
    expect(JSON.stringify(response.body)).not.toContain('HH-');
  });

  it('refuses a range over 24 months, a reversed range, a bad month and an unknown community', async () => {
    const http = handle.get().http();
    for (const query of ['from=2023-01&to=2025-01', 'from=2025-03&to=2025-01', 'from=2025-13', 'community2=x']) {
      const response = await http.get(`/api/v1/public/stats?community=${town}&${query}`);
      expect([response.status, response.body.code], query).toEqual([400, 'validation_failed']);
    }
    const unknown = await http.get('/api/v1/public/stats?community=nowhere');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found']);
    const defaults = await http.get(`/api/v1/public/stats?community=${otherCommunity}`);
    expect(defaults.status).toBe(200);
    expect(defaults.body.months).toHaveLength(12);
  });
}
