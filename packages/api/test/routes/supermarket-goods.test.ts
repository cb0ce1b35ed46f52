// The charity supermarket over HTTP: catalogue, donations and receipts, points, distributions
// within quotas and the hour rule, stock on hand and stock counts.
import { books } from '@linli/ledger';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { demoAccount, describeOnDatabases, otherAccount } from '../test-support/test-app.js';

const { accountIds, serviceCredit } = books;
const store = 'xianlin-market';
let keySerial = 0;

describeOnDatabases('the charity supermarket', (handle) => {
  const app = () => handle.get();
  const token = async (role: Role, other = false) => `Bearer ${await app().tokenFor(other ? otherAccount(role) : demoAccount(role))}`;
  const post = async (path: string, body: object, role: Role, options: { key?: string; other?: boolean } = {}) =>
    app()
      .http()
      .post(path)
      .set('Authorization', await token(role, options.other))
      .set('Idempotency-Key', options.key ?? `goods-${(keySerial += 1)}`)
      .send(body);
  const get = async (path: string, role: Role, other = false) =>
    app()
      .http()
      .get(path)
      .set('Authorization', await token(role, other));
  const balance = async (account: string) => (await app().deps.ledger.balance('xianlin', account))?.balance;
  const stock = (item: string) => balance(accountIds.stock(store, item));
  const household = (index: number) => app().demoHouseholds[index] ?? '';

  describe('catalogue', () => {
    it('adds an item with its ledger unit and stock account, and finds it by name, code or barcode', async () => {
      const created = await post(
        '/api/v1/catalogue/items',
        { code: 'beans-kg', name: '绿豆 (kg)', scale: 3, unitPrice: '8.50', barcode: '6901234567892' },
        'admin',
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toEqual({ code: 'beans-kg', name: '绿豆 (kg)', scale: 3, unitPrice: '8.50', barcode: '6901234567892' });
      expect((await app().deps.ledger.listUnits('xianlin')).find((unit) => unit.code === 'ITEM:beans-kg')).toEqual({
        code: 'ITEM:beans-kg',
        scale: 3,
        name: '绿豆 (kg)',
      });
      expect(await stock('beans-kg')).toBe('0.000');
      for (const q of ['绿豆', 'beans', '6901234567892']) {
        const found = await get(`/api/v1/catalogue/items?q=${encodeURIComponent(q)}`, 'staff');
        expect(found.status).toBe(200);
        expect(found.body.items.map((item: { code: string }) => item.code)).toEqual(['beans-kg']);
      }
      expect((await get('/api/v1/catalogue/items?q=%25', 'staff')).body.items).toEqual([]);
    });

    it('refuses another item under the same code, a bad scale, and shows nothing to another community', async () => {
      const again = await post('/api/v1/catalogue/items', { code: 'beans-kg', name: '红豆', scale: 3, unitPrice: '9.00' }, 'admin');
      expect([again.status, again.body.code]).toEqual([409, 'already_exists']);
      const scale = await post('/api/v1/catalogue/items', { code: 'salt', name: '盐', scale: 2, unitPrice: '2.00' }, 'admin');
      expect([scale.status, scale.body.code, scale.body.errors[0].pointer]).toEqual([400, 'validation_failed', '/scale']);
      const price = await post('/api/v1/catalogue/items', { code: 'salt', name: '盐', scale: 0, unitPrice: 2 }, 'admin');
      expect([price.status, price.body.errors[0].pointer]).toEqual([400, '/unitPrice']);
      expect((await get('/api/v1/catalogue/items?q=beans', 'staff', true)).body.items).toEqual([]);
      expect((await post('/api/v1/catalogue/items', { code: 'salt', name: '盐', scale: 0, unitPrice: '2.00' }, 'staff')).status).toBe(403);
    });
  });

  describe('donations in kind', () => {
    it('books a donation of several items, valued at the catalogue price unless given, and prints its receipt', async () => {
      const riceBefore = await stock('rice-5kg');
      const response = await post(
        '/api/v1/donations/in-kind',
        {
          store,
          donor: { name: '郑先生', phone: '13900001111' },
          items: [
            { item: 'rice-5kg', quantity: '2' },
            { item: 'beans-kg', quantity: '1.5', fairValue: '12.00' },
          ],
          valuationMethod: 'market_price',
        },
        'staff',
      );
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({ kind: 'in_kind', store, totalValue: '102.00', cash: null });
      expect(response.body.donor).toMatch(/^D-[0-9A-Z]{8}$/);
      expect(
        response.body.lines.map((line: Record<string, string>) => [line.item, line.quantity, line.fairValue, line.valuationMethod]),
      ).toEqual([
        ['rice-5kg', '2', '90.00', 'catalogue_price'],
        ['beans-kg', '1.500', '12.00', 'market_price'],
      ]);
      expect(await stock('rice-5kg')).toBe(String(Number(riceBefore) + 2));
      expect(await stock('beans-kg')).toBe('1.500');

      // The value and method live on the ledger transaction; the donor's name and phone do not.
      const transaction = await app().deps.ledger.getTransaction('xianlin', response.body.lines[0].transaction);
      expect(transaction?.metadata).toEqual({
        donor: response.body.donor,
        fairValue: '90.00',
        fairValueUnit: 'CNY',
        valuationMethod: 'catalogue_price',
      });
      const journal = JSON.stringify((await app().deps.ledger.journalPage('xianlin', { limit: 1000 })).items);
      const donors = JSON.stringify(await app().deps.knex('donors').select('*'));
      for (const secret of ['郑先生', '13900001111']) {
        expect(journal).not.toContain(secret);
        expect(donors).not.toContain(secret);
      }

      const receipt = await get(`/api/v1/donations/${response.body.id}/receipt`, 'staff');
      expect(receipt.status).toBe(200);
      expect(receipt.body).toMatchObject({
        id: response.body.id,
        community: { id: 'xianlin', name: '仙林街道仙林社区' },
        donorName: '郑先生',
        storeName: '仙林慈善超市',
        totalValue: '102.00',
      });
      expect(receipt.body.lines[1].hash).toBe(
        (await app().deps.ledger.getTransaction('xianlin', response.body.lines[1].transaction))?.hash,
      );
      expect((await get(`/api/v1/donations/${response.body.id}/receipt`, 'auditor')).body.donorName).toBeNull();
      const html = await get(`/api/v1/donations/${response.body.id}/receipt?format=html`, 'staff');
      expect(html.status).toBe(200);
      expect(html.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      for (const text of [
        '捐赠收据',
        '仙林街道仙林社区',
        '郑先生',
        '大米 5kg',
        '1.500',
        '90.00',
        '102.00',
        '目录价',
        '市场价',
        receipt.body.lines[0].hash,
      ])
        expect(html.text).toContain(text);
      const audit = await app()
        .deps.knex('audit_log')
        .select('action')
        .where({ community_id: 'xianlin', target: `donor:${response.body.donor}` });
      expect(audit.length).toBe(2);
      expect((await get(`/api/v1/donations/${response.body.id}/receipt`, 'staff', true)).status).toBe(404);
      expect((await get(`/api/v1/donations/${response.body.id}/receipt?format=html`, 'member')).status).toBe(403);
    });

    it('books all lines or none: a refused line leaves every stock as it was', async () => {
      const [rice, oil] = [await stock('rice-5kg'), await stock('oil-1l')];
      const line = (item: string, quantity: string) => ({ item, quantity });
      const overScale = await post(
        '/api/v1/donations/in-kind',
        {
          store,
          donor: { anonymous: true },
          items: [line('rice-5kg', '1'), line('flour-kg', '1.2345')],
          valuationMethod: 'catalogue_price',
        },
        'staff',
      );
      expect([overScale.status, overScale.body.code]).toEqual([422, 'amount_scale_exceeded']);
      const unknown = await post(
        '/api/v1/donations/in-kind',
        { store, donor: { anonymous: true }, items: [line('rice-5kg', '1'), line('caviar', '1')], valuationMethod: 'catalogue_price' },
        'staff',
      );
      expect([unknown.status, unknown.body.code, unknown.body.errors[0].pointer]).toEqual([422, 'item_not_in_catalogue', '/items/1/item']);
      // The ledger itself refuses the second line (its stock account is frozen): the first is undone.
      await app().deps.ledger.updateAccount('xianlin', accountIds.stock(store, 'oil-1l'), { status: 'frozen' });
      const frozen = await post(
        '/api/v1/donations/in-kind',
        { store, donor: { anonymous: true }, items: [line('rice-5kg', '3'), line('oil-1l', '3')], valuationMethod: 'catalogue_price' },
        'staff',
      );
      await app().deps.ledger.updateAccount('xianlin', accountIds.stock(store, 'oil-1l'), { status: 'open' });
      expect([frozen.status, frozen.body.code]).toEqual([422, 'account_frozen']);
      const zero = await post(
        '/api/v1/donations/in-kind',
        { store, donor: { anonymous: true }, items: [line('rice-5kg', '0')], valuationMethod: 'catalogue_price' },
        'staff',
      );
      expect([zero.status, zero.body.code]).toEqual([400, 'validation_failed']);
      const elsewhere = await post(
        '/api/v1/donations/in-kind',
        { store, donor: { anonymous: true }, items: [line('rice-5kg', '1')], valuationMethod: 'catalogue_price' },
        'staff',
        { other: true },
      );
      expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'not_found']);
      expect([await stock('rice-5kg'), await stock('oil-1l')]).toEqual([rice, oil]);
    });

    it('books a repeated request once and answers it again', async () => {
      const before = Number(await stock('milk-box'));
      const body = { store, donor: { anonymous: true }, items: [{ item: 'milk-box', quantity: '4' }], valuationMethod: 'catalogue_price' };
      const first = await post('/api/v1/donations/in-kind', body, 'staff', { key: 'milk-once' });
      const again = await post('/api/v1/donations/in-kind', body, 'staff', { key: 'milk-once' });
      expect(first.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(first.body.lines[0].fairValue).toBe('240.00');
      expect(Number(await stock('milk-box'))).toBe(before + 4);
    });
  });

  describe('cash donations', () => {
    it('puts cash into the fund, refuses more decimals than the yuan has, and prints a receipt', async () => {
      const fund = accountIds.fund('elderly-care');
      const before = await balance(fund);
      const response = await post(
        '/api/v1/donations/cash',
        { fund: 'elderly-care', amount: '100.00', donor: { anonymous: true }, method: 'wechat_pay' },
        'staff',
      );
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.cash).toMatchObject({ fund: 'elderly-care', amount: '100.00', method: 'wechat_pay' });
      expect(await balance(fund)).toBe((Number(before) + 100).toFixed(2));
      const tooFine = await post(
        '/api/v1/donations/cash',
        { fund: 'elderly-care', amount: '10.001', donor: { anonymous: true }, method: 'cash' },
        'staff',
      );
      expect([tooFine.status, tooFine.body.code]).toEqual([422, 'amount_scale_exceeded']);
      const number = await post(
        '/api/v1/donations/cash',
        { fund: 'elderly-care', amount: 10, donor: { anonymous: true }, method: 'cash' },
        'staff',
      );
      expect([number.status, number.body.code]).toEqual([400, 'validation_failed']);
      expect(
        (
          await post(
            '/api/v1/donations/cash',
            { fund: 'no-such-fund', amount: '1.00', donor: { anonymous: true }, method: 'cash' },
            'staff',
          )
        ).status,
      ).toBe(404);
      expect(await balance(fund)).toBe((Number(before) + 100).toFixed(2));
      const html = await get(`/api/v1/donations/${response.body.id}/receipt?format=html`, 'staff');
      for (const text of ['助老慈善基金', '100.00', '微信支付', '匿名']) expect(html.text).toContain(text);
    });
  });

  describe('points', () => {
    it('issues points to a household by code; staff may not, and another community’s household is not found', async () => {
      const code = household(1);
      const before = Number(await balance(accountIds.householdPoints(code)));
      const issued = await post(`/api/v1/households/${code}/points`, { points: '50', reason: 'monthly_allowance' }, 'coordinator');
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      expect(issued.body.balance).toBe(String(before + 50));
      expect((await post(`/api/v1/households/${code}/points`, { points: '50', reason: 'monthly_allowance' }, 'staff')).status).toBe(403);
      expect(
        (await post(`/api/v1/households/${code}/points`, { points: '50', reason: 'monthly_allowance' }, 'coordinator', { other: true }))
          .status,
      ).toBe(404);
      const prose = await post(`/api/v1/households/${code}/points`, { points: '50', reason: '孙奶奶 生病' }, 'coordinator');
      expect([prose.status, prose.body.errors[0].pointer]).toEqual([400, '/reason']);
      const fraction = await post(`/api/v1/households/${code}/points`, { points: '1.5', reason: 'extra' }, 'coordinator');
      expect(fraction.status).toBe(400);
      expect(await balance(accountIds.householdPoints(code))).toBe(String(before + 50));
    });
  });

  describe('distributions', () => {
    const rules = {
      items: [
        { item: 'rice-5kg', pointsPerUnit: '30', monthlyQuota: '2' },
        { item: 'oil-1l', pointsPerUnit: '15', monthlyQuota: null },
        { item: 'beans-kg', pointsPerUnit: '5', monthlyQuota: '1.000' },
      ],
      hours: { enabled: true, minBankedHours: '20.00', maxShare: '0.30', pointsPerHour: '10' },
    };

    it('lets admins read and replace the rules; nobody else', async () => {
      const put = await app()
        .http()
        .put('/api/v1/admin/redemption-rules')
        .set('Authorization', await token('admin'))
        .send(rules);
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body.hours).toEqual({ enabled: true, minBankedHours: '20.00', maxShare: '0.3000', pointsPerHour: '10' });
      expect(put.body.items).toEqual([
        { item: 'beans-kg', pointsPerUnit: '5', monthlyQuota: '1.000' },
        { item: 'oil-1l', pointsPerUnit: '15', monthlyQuota: null },
        { item: 'rice-5kg', pointsPerUnit: '30', monthlyQuota: '2.000' },
      ]);
      expect((await get('/api/v1/admin/redemption-rules', 'admin')).body).toEqual(put.body);
      expect(
        (
          await app()
            .http()
            .put('/api/v1/admin/redemption-rules')
            .set('Authorization', await token('coordinator'))
            .send(rules)
        ).status,
      ).toBe(403);
      const unknown = await app()
        .http()
        .put('/api/v1/admin/redemption-rules')
        .set('Authorization', await token('admin'))
        .send({ ...rules, items: [{ item: 'caviar', pointsPerUnit: '1', monthlyQuota: null }] });
      expect([unknown.status, unknown.body.code]).toEqual([422, 'item_not_in_catalogue']);
      const share = await app()
        .http()
        .put('/api/v1/admin/redemption-rules')
        .set('Authorization', await token('admin'))
        .send({ ...rules, hours: { ...rules.hours, maxShare: '1.5' } });
      expect([share.status, share.body.errors[0].pointer]).toEqual([400, '/hours/maxShare']);
    });

    it('hands goods to a household for points, and refuses once its monthly quota is used', async () => {
      const code = household(1);
      await post(
        '/api/v1/donations/in-kind',
        {
          store,
          donor: { anonymous: true },
          items: [
            { item: 'rice-5kg', quantity: '10' },
            { item: 'oil-1l', quantity: '10' },
          ],
          valuationMethod: 'catalogue_price',
        },
        'staff',
      );
      await post(`/api/v1/households/${code}/points`, { points: '200', reason: 'top_up' }, 'coordinator');
      const view = await get(`/api/v1/households/${code}/supermarket`, 'staff');
      expect(view.status).toBe(200);
      expect(Object.keys(view.body).sort()).toEqual(['code', 'month', 'points', 'quotas']);
      const points = Number(view.body.points.balance);
      const riceQuota = view.body.quotas.find((quota: { item: string }) => quota.item === 'rice-5kg');
      expect(riceQuota).toMatchObject({ monthlyQuota: '2.000', used: '0.000', remaining: '2.000' });
      const [rice, oil] = [Number(await stock('rice-5kg')), Number(await stock('oil-1l'))];

      const handed = await post(
        '/api/v1/distributions',
        {
          store,
          household: code,
          items: [
            { item: 'rice-5kg', quantity: '2' },
            { item: 'oil-1l', quantity: '1' },
          ],
          points: '75',
        },
        'staff',
      );
      expect(handed.status, JSON.stringify(handed.body)).toBe(201);
      expect(handed.body).toMatchObject({ household: code, member: null, points: '75', hours: '0.00' });
      expect([Number(await stock('rice-5kg')), Number(await stock('oil-1l'))]).toEqual([rice - 2, oil - 1]);
      expect(await balance(accountIds.householdPoints(code))).toBe(String(points - 75));
      const after = await get(`/api/v1/households/${code}/supermarket`, 'staff');
      expect(after.body.quotas.find((quota: { item: string }) => quota.item === 'rice-5kg')).toMatchObject({
        used: '2.000',
        remaining: '0.000',
      });

      const over = await post('/api/v1/distributions', { store, household: code, items: [{ item: 'rice-5kg', quantity: '1' }] }, 'staff');
      expect([over.status, over.body.code]).toEqual([422, 'quota_exceeded']);
      const mismatch = await post(
        '/api/v1/distributions',
        { store, household: code, items: [{ item: 'oil-1l', quantity: '1' }], points: '10' },
        'staff',
      );
      expect([mismatch.status, mismatch.body.code]).toEqual([422, 'points_mismatch']);
      const unknown = await post('/api/v1/distributions', { store, household: code, items: [{ item: 'caviar', quantity: '1' }] }, 'staff');
      expect([unknown.status, unknown.body.code]).toEqual([422, 'item_not_in_catalogue']);
      const both = await post(
        '/api/v1/distributions',
        { store, household: code, member: app().demoUsers.get('member'), items: [{ item: 'oil-1l', quantity: '1' }] },
        'staff',
      );
      expect([both.status, both.body.code]).toEqual([400, 'validation_failed']);
      expect(
        (await post('/api/v1/distributions', { store, household: code, items: [{ item: 'oil-1l', quantity: '1' }] }, 'auditor')).status,
      ).toBe(403);
      expect(
        (
          await post('/api/v1/distributions', { store, household: code, items: [{ item: 'oil-1l', quantity: '1' }] }, 'staff', {
            other: true,
          })
        ).status,
      ).toBe(404);
      expect([Number(await stock('rice-5kg')), Number(await stock('oil-1l'))]).toEqual([rice - 2, oil - 1]);
      expect(await balance(accountIds.householdPoints(code))).toBe(String(points - 75));
    });

    it('refuses a household without enough points, and frees the quota when the ledger refuses', async () => {
      const created = await post('/api/v1/households', { name: '新住户', address: '仙林社区 20栋' }, 'coordinator');
      const code = created.body.code as string;
      const poor = await post('/api/v1/distributions', { store, household: code, items: [{ item: 'oil-1l', quantity: '1' }] }, 'staff');
      expect([poor.status, poor.body.code]).toEqual([422, 'points_insufficient']);
      await post(`/api/v1/households/${code}/points`, { points: '100', reason: 'welcome' }, 'coordinator');
      // 1.5 kg of beans are in stock; asking for 0.9 kg twice: the second is short by the ledger's count.
      expect(
        (await post('/api/v1/distributions', { store, household: code, items: [{ item: 'beans-kg', quantity: '0.9' }] }, 'staff')).status,
      ).toBe(201);
      expect(await stock('beans-kg')).toBe('0.600');
      expect(await balance(accountIds.householdPoints(code))).toBe('95');
      const short = await post(
        '/api/v1/distributions',
        { store, household: household(0), items: [{ item: 'beans-kg', quantity: '0.9' }] },
        'staff',
      );
      expect([short.status, short.body.code]).toEqual([422, 'exceeds_lower_limit']);
      expect(
        await app()
          .deps.knex('distributions')
          .where({ community_id: 'xianlin', recipient: household(0), status: 'reserved' }),
      ).toEqual([]);
      const quota = await get(`/api/v1/households/${household(0)}/supermarket`, 'staff');
      expect(quota.body.quotas.find((entry: { item: string }) => entry.item === 'beans-kg')).toMatchObject({ used: '0.000' });
      expect(await stock('beans-kg')).toBe('0.600');
    });

    it('lets only one of two simultaneous handouts use the same quota', async () => {
      const created = await post('/api/v1/households', { name: '并发户', address: '仙林社区 21栋' }, 'coordinator');
      const code = created.body.code as string;
      await post(`/api/v1/households/${code}/points`, { points: '500', reason: 'top_up' }, 'coordinator');
      await post(
        '/api/v1/donations/in-kind',
        { store, donor: { anonymous: true }, items: [{ item: 'rice-5kg', quantity: '10' }], valuationMethod: 'catalogue_price' },
        'staff',
      );
      const rice = Number(await stock('rice-5kg'));
      const body = { store, household: code, items: [{ item: 'rice-5kg', quantity: '2' }] };
      const answers = await Promise.all([post('/api/v1/distributions', body, 'staff'), post('/api/v1/distributions', body, 'coordinator')]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 422]);
      expect(answers.find((answer) => answer.status === 422)?.body.code).toBe('quota_exceeded');
      expect(Number(await stock('rice-5kg'))).toBe(rice - 2);
      expect(await balance(accountIds.householdPoints(code))).toBe('440');
    });

    it('lets a member redeem hours only after 20 banked hours, and at most 30% of them at once', async () => {
      const created = await post(
        '/api/v1/members',
        { username: 'hour-saver', displayName: '攒时间的人', password: 'a long enough password' },
        'coordinator',
      );
      const member = created.body.id as string;
      const oil = () => ({ store, member, items: [{ item: 'oil-1l', quantity: '1' }] });
      const early = await post('/api/v1/distributions', oil(), 'staff');
      expect([early.status, early.body.code]).toEqual([422, 'redemption_not_eligible']);
      await app().deps.ledger.post(
        serviceCredit({
          community: 'xianlin',
          id: 'test/hours-for-saver',
          actor: 'test',
          volunteer: member,
          payer: 'issuance',
          hours: '30.00',
        }),
      );
      const redeemed = await post('/api/v1/distributions', oil(), 'staff');
      expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
      expect(redeemed.body).toMatchObject({ member, household: null, points: '15', hours: '1.50' });
      expect(await balance(accountIds.memberHours(member))).toBe('28.50');
      expect(await balance('hours/redeemed')).toBe('1.50');
      // 7 bottles: 105 points, 10.50 hours; 30% of 28.50 is 8.55.
      const greedy = await post('/api/v1/distributions', { store, member, items: [{ item: 'oil-1l', quantity: '7' }] }, 'staff');
      expect([greedy.status, greedy.body.code]).toEqual([422, 'redemption_not_eligible']);
      expect(await balance(accountIds.memberHours(member))).toBe('28.50');
      await app()
        .http()
        .put('/api/v1/admin/redemption-rules')
        .set('Authorization', await token('admin'))
        .send({ ...rules, hours: { ...rules.hours, enabled: false } });
      const off = await post('/api/v1/distributions', oil(), 'staff');
      expect([off.status, off.body.code]).toEqual([422, 'redemption_not_eligible']);
      expect(await balance(accountIds.memberHours(member))).toBe('28.50');
    });
  });

  describe('stock', () => {
    it('lists stock on hand a page at a time; another community’s store is not found', async () => {
      const first = await get(`/api/v1/stores/${store}/stock?limit=2`, 'staff');
      expect(first.status).toBe(200);
      expect(first.body.items.length).toBe(2);
      expect(first.body.next).toBe(first.body.items[1].item);
      const second = await get(`/api/v1/stores/${store}/stock?limit=100&after=${first.body.next}`, 'auditor');
      const all = [...first.body.items, ...second.body.items];
      expect(second.body.next).toBeNull();
      expect(all.map((line: { item: string }) => line.item)).toEqual([
        'beans-kg',
        'flour-kg',
        'milk-box',
        'oil-1l',
        'rice-5kg',
        'winter-coat',
      ]);
      expect(all[0]).toEqual({ item: 'beans-kg', name: '绿豆 (kg)', scale: 3, quantity: '0.600' });
      expect(all.find((line: { item: string }) => line.item === 'rice-5kg').quantity).toBe(await stock('rice-5kg'));
      expect((await get(`/api/v1/stores/${store}/stock`, 'staff', true)).status).toBe(404);
      expect((await get(`/api/v1/stores/${store}/stock`, 'member')).status).toBe(403);
    });

    it('moves a stock count from counted to confirmed to finalized, and posts the differences once', async () => {
      await post('/api/v1/catalogue/items', { code: 'tea', name: '茶叶', scale: 0, unitPrice: '20.00' }, 'admin');
      await post(
        '/api/v1/donations/in-kind',
        { store, donor: { anonymous: true }, items: [{ item: 'tea', quantity: '10' }], valuationMethod: 'catalogue_price' },
        'staff',
      );
      const riceBook = await stock('rice-5kg');
      const counted = await post(
        '/api/v1/stock-counts',
        {
          store,
          lines: [
            { item: 'tea', counted: '8' },
            { item: 'rice-5kg', counted: riceBook ?? '0' },
          ],
        },
        'staff',
      );
      expect(counted.status, JSON.stringify(counted.body)).toBe(201);
      expect(counted.body.status).toBe('counted');
      expect(counted.body.lines).toEqual([
        { item: 'rice-5kg', book: riceBook, counted: riceBook, difference: '0', reason: null },
        { item: 'tea', book: '10', counted: '8', difference: '-2', reason: null },
      ]);
      const id = counted.body.id as string;
      const early = await post(`/api/v1/stock-counts/${id}/finalize`, {}, 'admin');
      expect([early.status, early.body.code]).toEqual([409, 'stock_count_state_invalid']);
      const noReason = await post(`/api/v1/stock-counts/${id}/confirm`, { reasons: [] }, 'staff');
      expect([noReason.status, noReason.body.code]).toEqual([400, 'validation_failed']);
      const badReason = await post(`/api/v1/stock-counts/${id}/confirm`, { reasons: [{ item: 'tea', reason: 'stolen' }] }, 'staff');
      expect(badReason.status).toBe(400);
      const confirmed = await post(`/api/v1/stock-counts/${id}/confirm`, { reasons: [{ item: 'tea', reason: 'damaged' }] }, 'staff');
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      expect(confirmed.body.status).toBe('confirmed');
      expect(confirmed.body.lines[1].reason).toBe('damaged');
      const twice = await post(`/api/v1/stock-counts/${id}/confirm`, { reasons: [{ item: 'tea', reason: 'damaged' }] }, 'staff');
      expect([twice.status, twice.body.code]).toEqual([409, 'stock_count_state_invalid']);
      expect((await post(`/api/v1/stock-counts/${id}/finalize`, {}, 'staff')).status).toBe(403);
      expect((await post(`/api/v1/stock-counts/${id}/finalize`, {}, 'admin', { other: true })).status).toBe(404);
      expect(await stock('tea')).toBe('10');

      const finalized = await post(`/api/v1/stock-counts/${id}/finalize`, {}, 'admin', { key: 'finalize-tea' });
      expect(finalized.status, JSON.stringify(finalized.body)).toBe(200);
      expect(finalized.body).toMatchObject({ status: 'finalized', transactions: [`stock-count/${id}/tea`] });
      expect(await stock('tea')).toBe('8');
      expect(await balance(accountIds.stockVariance(store, 'tea'))).toBe('2');
      expect(await stock('rice-5kg')).toBe(riceBook);
      expect((await app().deps.ledger.getTransaction('xianlin', `stock-count/${id}/tea`))?.metadata).toEqual({
        reason: 'damaged',
        countId: id,
      });
      expect((await post(`/api/v1/stock-counts/${id}/finalize`, {}, 'admin', { key: 'finalize-tea' })).headers['idempotent-replayed']).toBe(
        'true',
      );
      const again = await post(`/api/v1/stock-counts/${id}/finalize`, {}, 'admin');
      expect([again.status, again.body.code]).toEqual([409, 'stock_count_state_invalid']);
      expect(await stock('tea')).toBe('8');
      const audit = (await app()
        .deps.knex('audit_log')
        .select('action')
        .where({ community_id: 'xianlin', target: `stock-count:${id}` })) as { action: string }[];
      expect(audit.map((entry) => entry.action).sort()).toEqual(['stock_count.confirmed', 'stock_count.finalized', 'stock_count.recorded']);
      expect((await get(`/api/v1/stock-counts/${id}`, 'auditor')).body.status).toBe('finalized');
    });

    it('refuses a count of an item not in the catalogue or finer than its scale', async () => {
      const unknown = await post('/api/v1/stock-counts', { store, lines: [{ item: 'caviar', counted: '1' }] }, 'staff');
      expect([unknown.status, unknown.body.code]).toEqual([422, 'item_not_in_catalogue']);
      const fine = await post('/api/v1/stock-counts', { store, lines: [{ item: 'tea', counted: '1.5' }] }, 'staff');
      expect([fine.status, fine.body.code]).toEqual([422, 'amount_scale_exceeded']);
      expect((await post('/api/v1/stock-counts', { store: 'nowhere', lines: [{ item: 'tea', counted: '1' }] }, 'staff')).status).toBe(404);
    });
  });
});
