// The business rules about balances under concurrency, over HTTP: banked hours only (gifts, gifts
// on a member's behalf, transfers between communities), the hour redemption rule (minimum banked
// hours, maximum share), love points, fund balances and monthly quotas. Each test sends many
// requests at once through two apps on one database (two ledgers, so two writers racing on the
// database's community lock), then checks that exactly what a serial order allows was accepted,
// every refusal carries the rule's code, and no balance ever passed the rule, at any posting.
import { books } from '@linli/ledger';
import fc from 'fast-check';
import type supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal, Role } from '../../src/auth/roles.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { createMember } from '../../src/workflows/members.js';
import { demoAccount, describeOnDatabases, otherCommunity, type TestApp } from '../test-support/test-app.js';

const { accountIds, serviceCredit } = books;
const community = 'xianlin';
const store = 'xianlin-market';
/** Requests sent at once in each test. */
const concurrentRequests = 8;
let serial = 0;

interface Sent {
  status: number;
  code: string | undefined;
  body: Record<string, unknown>;
}

describeOnDatabases('balance rules under concurrency', (handle) => {
  const app = (): TestApp => handle.get();
  /** Two apps on one database: requests alternate between them. */
  let apps: { http(): ReturnType<typeof supertest> }[] = [];
  const tokens = new Map<string, string>();

  beforeAll(() => {
    apps = [app(), app().variant({})];
  });

  const tokenOf = async (role: Role): Promise<string> => {
    const cached = tokens.get(role);
    if (cached !== undefined) return cached;
    const token = `Bearer ${await app().tokenFor(demoAccount(role))}`;
    tokens.set(role, token);
    return token;
  };

  /** One writing request through app `index % 2`, with a fresh Idempotency-Key. */
  const send = async (index: number, method: 'post' | 'put', path: string, token: string, body: object): Promise<Sent> => {
    const http = (apps[index % apps.length] as (typeof apps)[number]).http();
    const request = method === 'post' ? http.post(path).set('Idempotency-Key', `rules-${(serial += 1)}`) : http.put(path);
    const response = await request.set('Authorization', token).send(body);
    const answer = response.body as Record<string, unknown>;
    return { status: response.status, code: typeof answer.code === 'string' ? answer.code : undefined, body: answer };
  };

  const as = async (role: Role, path: string, body: object, method: 'post' | 'put' = 'post'): Promise<Sent> =>
    send(0, method, path, await tokenOf(role), body);

  const newMember = async (username: string, banked: string | undefined): Promise<{ id: string; token: string }> => {
    const coordinator: Principal = { userId: app().demoUsers.get('coordinator') ?? '', role: 'coordinator', community, tokenId: 'test' };
    const member = await createMember(app().deps, coordinator, { username, displayName: username, password: demoPassword });
    if (banked !== undefined)
      await app().deps.ledger.post(
        serviceCredit({ community, id: `rules/credit/${username}`, actor: 'test', volunteer: member.id, payer: 'issuance', hours: banked }),
      );
    return { id: member.id, token: `Bearer ${await app().tokenFor({ community, username })}` };
  };

  const account = async (id: string) => {
    const found = await app().deps.ledger.balance(community, id);
    if (found === undefined) throw new Error(`no account ${id}`);
    return found;
  };

  /** Every posting to the account, in journal order. */
  const statementOf = async (id: string) => {
    const lines = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await app().deps.ledger.statement(community, id, { cursor, limit: 1_000 });
      lines.push(...page.items);
      if (page.nextCursor === null) return lines;
      cursor = page.nextCursor;
    }
  };

  const statuses = (answers: readonly Sent[]): number[] => answers.map((answer) => answer.status).sort();
  const refusalCodes = (answers: readonly Sent[]): string[] => [
    ...new Set(answers.filter((answer) => answer.status >= 400).map((answer) => `${answer.status} ${answer.code}`)),
  ];

  const rules = (over: { items?: object[]; hours?: object } = {}) => ({
    items: over.items ?? [
      { item: 'rice-5kg', pointsPerUnit: '30', monthlyQuota: '2' },
      { item: 'oil-1l', pointsPerUnit: '15', monthlyQuota: null },
    ],
    hours: { enabled: true, minBankedHours: '20.00', maxShare: '0.30', pointsPerHour: '10', ...over.hours },
  });

  const donate = async (item: string, quantity: string): Promise<void> => {
    const donated = await as('staff', '/api/v1/donations/in-kind', {
      store,
      donor: { anonymous: true },
      items: [{ item, quantity }],
      valuationMethod: 'catalogue_price',
    });
    expect(donated.status, JSON.stringify(donated.body)).toBe(201);
  };

  describe('banked hours only', () => {
    it(`a member holding exactly 3.00 h sends ${concurrentRequests} requests of 3.00 h at once (gifts, gifts on their behalf, transfers): exactly one is accepted and the balance ends at 0.00, never below`, async () => {
      const giver = await newMember('rules-giver', '3.00');
      const family = await newMember('rules-family', undefined);
      const otherMember = app().otherUsers.get('member') ?? '';
      const consent = { method: 'in_person', recordedAt: new Date(Date.now() - 60_000).toISOString() };
      const requests: ((index: number) => Promise<Sent>)[] = [
        (index) => send(index, 'post', '/api/v1/gifts', giver.token, { to: 'pool', hours: '3.00' }),
        (index) => send(index, 'post', '/api/v1/gifts', giver.token, { to: { member: family.id }, hours: '3.00' }),
        async (index) =>
          send(index, 'post', '/api/v1/gifts/on-behalf', await tokenOf('coordinator'), {
            onBehalfOf: { member: giver.id, consent },
            to: 'pool',
            hours: '3.00',
          }),
        async (index) =>
          send(index, 'post', '/api/v1/gifts/on-behalf', await tokenOf('staff'), {
            onBehalfOf: { member: giver.id, consent },
            to: { member: family.id },
            hours: '3.00',
          }),
        (index) =>
          send(index, 'post', '/api/v1/clearing/transfers', giver.token, {
            toCommunity: otherCommunity,
            toMember: otherMember,
            hours: '3.00',
          }),
        async (index) =>
          send(index, 'post', '/api/v1/clearing/transfers/on-behalf', await tokenOf('coordinator'), {
            onBehalfOf: { member: giver.id, consent },
            toCommunity: otherCommunity,
            toMember: otherMember,
            hours: '3.00',
          }),
        (index) => send(index, 'post', '/api/v1/gifts', giver.token, { to: 'pool', hours: '3.00' }),
        (index) =>
          send(index, 'post', '/api/v1/clearing/transfers', giver.token, {
            toCommunity: otherCommunity,
            toMember: otherMember,
            hours: '3.00',
          }),
      ];
      await Promise.all([tokenOf('coordinator'), tokenOf('staff')]);
      const answers = await Promise.all(requests.map((request, index) => request(index)));

      expect(statuses(answers), JSON.stringify(answers.map((answer) => [answer.status, answer.code]))).toEqual([
        201,
        ...Array.from({ length: concurrentRequests - 1 }, () => 422),
      ]);
      expect(refusalCodes(answers)).toEqual(['422 exceeds_lower_limit']);
      expect(await account(accountIds.memberHours(giver.id))).toMatchObject({ balance: '0.00', available: '0.00', held: '0.00' });
      for (const line of await statementOf(accountIds.memberHours(giver.id)))
        expect(Number(line.balanceAfter), `${line.transactionId} left ${line.balanceAfter}`).toBeGreaterThanOrEqual(0);
      expect(await app().deps.ledger.verify(community)).toMatchObject({ ok: true });
    });

    it('random gifts at once among members with small balances never take a giver below zero', async () => {
      const members = await Promise.all(
        ['rules-random-a', 'rules-random-b', 'rules-random-c'].map((username) => newMember(username, undefined)),
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 0, max: 300 }), { minLength: members.length, maxLength: members.length }),
          fc.array(
            fc.record({
              from: fc.nat({ max: members.length - 1 }),
              to: fc.nat({ max: members.length }),
              hundredths: fc.integer({ min: 1, max: 200 }),
            }),
            { minLength: 6, maxLength: 12 },
          ),
          async (topUps, gifts) => {
            run += 1;
            // Each run checks its own postings: one that broke the rule in a run before would be seen in every later one.
            const seqBefore = (await app().deps.ledger.store.chainHead(community))?.seq ?? 0;
            for (const [index, hundredths] of topUps.entries()) {
              if (hundredths === 0) continue;
              const member = members[index] as (typeof members)[number];
              await app().deps.ledger.post(
                serviceCredit({
                  community,
                  id: `rules/random/${run}/${index}`,
                  actor: 'test',
                  volunteer: member.id,
                  payer: 'issuance',
                  hours: (hundredths / 100).toFixed(2),
                }),
              );
            }
            const answers = await Promise.all(
              gifts.map((gift, index) => {
                const giver = members[gift.from] as (typeof members)[number];
                const receiver = members[gift.to];
                const to = receiver === undefined || receiver === giver ? 'pool' : { member: receiver.id };
                return send(index, 'post', '/api/v1/gifts', giver.token, { to, hours: (gift.hundredths / 100).toFixed(2) });
              }),
            );
            for (const answer of answers) expect([201, 422], JSON.stringify(answer.body)).toContain(answer.status);
            expect(refusalCodes(answers).filter((code) => code !== '422 exceeds_lower_limit')).toEqual([]);
            for (const member of members) {
              for (const line of await statementOf(accountIds.memberHours(member.id))) {
                if (line.seq > seqBefore && line.kind === 'hour_gift' && line.amount.startsWith('-'))
                  expect(Number(line.balanceAfter), `${line.transactionId} left ${line.balanceAfter}`).toBeGreaterThanOrEqual(0);
              }
            }
          },
        ),
        { numRuns: 4 },
      );
    });
  });

  describe('the hour redemption rule', () => {
    it(`${concurrentRequests} redemptions at once from 30.00 banked hours: each leaves at least the minimum of 20.00 before it, so exactly 7 pass`, async () => {
      expect((await as('admin', '/api/v1/admin/redemption-rules', rules(), 'put')).status).toBe(200);
      await donate('oil-1l', String(concurrentRequests));
      const member = await newMember('rules-redeemer', '30.00');
      const token = await tokenOf('staff');
      // One bottle of oil: 15 points, 1.50 hours; 30.00, 28.50, … 21.00 may redeem, 19.50 may not.
      const answers = await Promise.all(
        Array.from({ length: concurrentRequests }, (_, index) =>
          send(index, 'post', '/api/v1/distributions', token, { store, member: member.id, items: [{ item: 'oil-1l', quantity: '1' }] }),
        ),
      );
      expect(statuses(answers), JSON.stringify(answers.map((answer) => [answer.status, answer.code]))).toEqual([
        201, 201, 201, 201, 201, 201, 201, 422,
      ]);
      expect(refusalCodes(answers)).toEqual(['422 redemption_not_eligible']);
      expect((answers.find((answer) => answer.status === 422) as Sent).body.detail).toBe(
        'hours can be redeemed from 20.00 banked hours; the balance is 19.50',
      );
      expect((await account(accountIds.memberHours(member.id))).balance).toBe('19.50');
      for (const line of await statementOf(accountIds.memberHours(member.id))) {
        if (line.kind === 'distribution')
          expect(
            Number(line.balanceAfter) - Number(line.amount),
            `${line.transactionId} redeemed from ${Number(line.balanceAfter) - Number(line.amount)}`,
          ).toBeGreaterThanOrEqual(20);
      }
    });

    it(`${concurrentRequests} redemptions at once of 3.00 h from 20.00 h at a maximum share of 0.30: each is at most 30% of the balance before it, so exactly 4 pass`, async () => {
      expect((await as('admin', '/api/v1/admin/redemption-rules', rules({ hours: { minBankedHours: '0.00' } }), 'put')).status).toBe(200);
      await donate('oil-1l', String(2 * concurrentRequests));
      const member = await newMember('rules-sharer', '20.00');
      const token = await tokenOf('coordinator');
      // Two bottles: 30 points, 3.00 hours, which needs a balance of 10.00 before: 20, 17, 14, 11 pass; 8 does not.
      const answers = await Promise.all(
        Array.from({ length: concurrentRequests }, (_, index) =>
          send(index, 'post', '/api/v1/distributions', token, { store, member: member.id, items: [{ item: 'oil-1l', quantity: '2' }] }),
        ),
      );
      expect(statuses(answers), JSON.stringify(answers.map((answer) => [answer.status, answer.code]))).toEqual([
        201, 201, 201, 201, 422, 422, 422, 422,
      ]);
      expect(refusalCodes(answers)).toEqual(['422 redemption_not_eligible']);
      expect((answers.find((answer) => answer.status === 422) as Sent).body.detail).toBe(
        'these goods cost 3.00 hours; at most 2.40 (0.3000 of 8.00) may be redeemed at once',
      );
      expect((await account(accountIds.memberHours(member.id))).balance).toBe('8.00');
      for (const line of await statementOf(accountIds.memberHours(member.id))) {
        if (line.kind === 'distribution')
          expect(-Number(line.amount), line.transactionId).toBeLessThanOrEqual(
            Math.floor((Number(line.balanceAfter) - Number(line.amount)) * 30) / 100,
          );
      }
    });
  });

  it(`love points: a household with 30 points and ${concurrentRequests} handouts of 15 points at once: exactly 2 pass, the rest are points_insufficient`, async () => {
    expect((await as('admin', '/api/v1/admin/redemption-rules', rules(), 'put')).status).toBe(200);
    await donate('oil-1l', String(concurrentRequests));
    const created = await as('coordinator', '/api/v1/households', { name: '积分并发户', address: '仙林社区 40栋' });
    const household = created.body.code as string;
    expect((await as('coordinator', `/api/v1/households/${household}/points`, { points: '30', reason: 'top_up' })).status).toBe(201);
    const tokens = [await tokenOf('staff'), await tokenOf('coordinator')];
    const answers = await Promise.all(
      Array.from({ length: concurrentRequests }, (_, index) =>
        send(index, 'post', '/api/v1/distributions', tokens[index % 2] as string, {
          store,
          household,
          items: [{ item: 'oil-1l', quantity: '1' }],
        }),
      ),
    );
    expect(statuses(answers), JSON.stringify(answers.map((answer) => [answer.status, answer.code]))).toEqual([
      201, 201, 422, 422, 422, 422, 422, 422,
    ]);
    expect(refusalCodes(answers)).toEqual(['422 points_insufficient']);
    expect(await account(accountIds.householdPoints(household))).toMatchObject({ balance: '0', available: '0' });
    for (const line of await statementOf(accountIds.householdPoints(household)))
      expect(Number(line.balanceAfter), line.transactionId).toBeGreaterThanOrEqual(0);
    expect(await app().deps.knex('distributions').where({ community_id: community, recipient: household, status: 'reserved' })).toEqual([]);
  });

  it(`fund balances: ${concurrentRequests} grants and spendings of 40.00 at once from a fund of 100.00: exactly 2 pass, and the fund never goes below zero`, async () => {
    const created = await as('admin', '/api/v1/funds', {
      code: 'rules-fund',
      name: '并发基金',
      projects: [{ code: 'meals', name: '助餐' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(
      (await as('staff', '/api/v1/donations/cash', { fund: 'rules-fund', amount: '100.00', donor: { anonymous: true }, method: 'cash' }))
        .status,
    ).toBe(201);
    const tokens = [await tokenOf('coordinator'), await tokenOf('admin')];
    const answers = await Promise.all(
      Array.from({ length: concurrentRequests }, (_, index) =>
        send(index, 'post', `/api/v1/funds/rules-fund/${index % 4 < 2 ? 'grants' : 'spending'}`, tokens[index % 2] as string, {
          project: 'meals',
          amount: '40.00',
        }),
      ),
    );
    expect(statuses(answers), JSON.stringify(answers.map((answer) => [answer.status, answer.code]))).toEqual([
      201, 201, 422, 422, 422, 422, 422, 422,
    ]);
    expect(refusalCodes(answers)).toEqual(['422 exceeds_lower_limit']);
    expect((await account(accountIds.fund('rules-fund'))).balance).toBe('20.00');
    for (const line of await statementOf(accountIds.fund('rules-fund')))
      expect(Number(line.balanceAfter), line.transactionId).toBeGreaterThanOrEqual(0);
  });

  it(`monthly quotas: ${concurrentRequests} handouts of one bag of rice at once against a quota of 2: exactly 2 pass, the rest are quota_exceeded`, async () => {
    expect((await as('admin', '/api/v1/admin/redemption-rules', rules(), 'put')).status).toBe(200);
    await donate('rice-5kg', String(concurrentRequests));
    const created = await as('coordinator', '/api/v1/households', { name: '限额并发户', address: '仙林社区 41栋' });
    const household = created.body.code as string;
    expect((await as('coordinator', `/api/v1/households/${household}/points`, { points: '1000', reason: 'top_up' })).status).toBe(201);
    const stockBefore = (await account(accountIds.stock(store, 'rice-5kg'))).balance;
    const tokens = [await tokenOf('staff'), await tokenOf('coordinator')];
    const answers = await Promise.all(
      Array.from({ length: concurrentRequests }, (_, index) =>
        send(index, 'post', '/api/v1/distributions', tokens[index % 2] as string, {
          store,
          household,
          items: [{ item: 'rice-5kg', quantity: '1' }],
        }),
      ),
    );
    expect(statuses(answers), JSON.stringify(answers.map((answer) => [answer.status, answer.code]))).toEqual([
      201, 201, 422, 422, 422, 422, 422, 422,
    ]);
    expect(refusalCodes(answers)).toEqual(['422 quota_exceeded']);
    expect(Number((await account(accountIds.stock(store, 'rice-5kg'))).balance)).toBe(Number(stockBefore) - 2);
    expect((await account(accountIds.householdPoints(household))).balance).toBe('940');
    const used = (await app().deps.knex('distributions').where({ community_id: community, recipient: household })) as { status: string }[];
    expect(used.map((row) => row.status)).toEqual(['posted', 'posted']);
  });
});
