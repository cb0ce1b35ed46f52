// One store suite, run against every store: the in-memory model, PGlite and (when DATABASE_URL is set) PostgreSQL.
//
// Every assertion is a literal that holds for every store, so a store that drifts from the
// others fails here by name. The ledger runs on a clock the tests move, so that recorded times,
// expiries and past balances are exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from './ledger.js';
import { LedgerRejection, type RejectionCode } from './rejections.js';
import { storeFixtures, type OpenedStore } from './test-support.js';
import type { Transaction, TransactionInput } from './transaction.js';

const start = Date.parse('2026-03-01T02:00:00.000Z');

describe.each(storeFixtures())('the store contract on $name', (fixture) => {
  let opened: OpenedStore;
  let ledger: Ledger;
  let nowMs = start;
  let communities = 0;

  beforeAll(async () => {
    opened = await fixture.open();
    ledger = opened.ledger(() => new Date(nowMs));
  });
  afterAll(async () => opened.close());

  /** A fresh community per test, so tests never see each other's rows; the clock is reset too. */
  async function community(): Promise<string> {
    nowMs = start;
    communities += 1;
    const id = `contract-${communities}`;
    await ledger.createCommunity({ id, name: `社区 ${communities}` });
    return id;
  }

  async function refused(promise: Promise<unknown>, code: RejectionCode): Promise<LedgerRejection> {
    const error = await promise.then(
      () => new Error(`expected the rejection ${code}, but the call succeeded`),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LedgerRejection);
    expect((error as LedgerRejection).code).toBe(code);
    return error as LedgerRejection;
  }

  /** An hour issuance account (may go negative) and members with the default lower limit of zero. */
  async function hourBooks(c: string, members: string[] = ['wang', 'li']): Promise<void> {
    await ledger.openAccount({ community: c, id: 'community/hours/issuance', unit: 'HOUR', name: 'hours issued', lowerLimit: null });
    for (const member of members)
      await ledger.openAccount({ community: c, id: `member/${member}/hours`, unit: 'HOUR', name: member, ownerRef: member });
  }

  function move(c: string, id: string, from: string, to: string, amount: string, extra: Partial<TransactionInput> = {}): TransactionInput {
    return {
      community: c,
      id,
      kind: 'hour_gift',
      actor: 'coord-1',
      postings: [
        { account: from, unit: 'HOUR', amount: `-${amount}` },
        { account: to, unit: 'HOUR', amount },
      ],
      ...extra,
    };
  }

  const issuance = 'community/hours/issuance';
  const wang = 'member/wang/hours';
  const li = 'member/li/hours';

  async function balanceOf(c: string, account: string): Promise<string | undefined> {
    return (await ledger.balance(c, account))?.balance;
  }

  describe('communities and units', () => {
    it('creates a community once; the same again is a no-op and another name is refused', async () => {
      expect(await ledger.createCommunity({ id: 'contract-units', name: '仙林社区' })).toEqual({ created: true });
      expect(await ledger.createCommunity({ id: 'contract-units', name: '仙林社区' })).toEqual({ created: false });
      await refused(ledger.createCommunity({ id: 'contract-units', name: '马群社区' }), 'id_reused_with_different_body');
      expect(await ledger.listUnits('contract-units')).toEqual([
        { code: 'CNY', scale: 2, name: '人民币 (yuan)' },
        { code: 'HOUR', scale: 2, name: '志愿服务时长 (hours)' },
        { code: 'POINT', scale: 0, name: '爱心积分 (love points)' },
      ]);
    });

    it('defines catalogue units; the same again is a no-op and a different scale is refused', async () => {
      const c = await community();
      expect(await ledger.defineUnit(c, { code: 'ITEM:rice-5kg', scale: 0, name: '大米 5kg' })).toEqual({ created: true });
      expect(await ledger.defineUnit(c, { code: 'ITEM:flour-kg', scale: 3, name: '面粉 (kg)' })).toEqual({ created: true });
      expect(await ledger.defineUnit(c, { code: 'ITEM:rice-5kg', scale: 0, name: '大米 5kg' })).toEqual({ created: false });
      await refused(ledger.defineUnit(c, { code: 'ITEM:rice-5kg', scale: 3, name: '大米 5kg' }), 'id_reused_with_different_body');
      await refused(ledger.defineUnit(c, { code: 'HOUR', scale: 1, name: '志愿服务时长 (hours)' }), 'id_reused_with_different_body');
      await refused(ledger.defineUnit('contract-nowhere', { code: 'ITEM:rice-5kg', scale: 0, name: '大米 5kg' }), 'community_not_found');
      expect((await ledger.listUnits(c)).map((unit) => `${unit.code}/${unit.scale}`)).toEqual([
        'CNY/2',
        'HOUR/2',
        'ITEM:flour-kg/3',
        'ITEM:rice-5kg/0',
        'POINT/0',
      ]);
    });

    it('keeps each unit at its own scale: whole bags of rice, grams of flour', async () => {
      const c = await community();
      await ledger.defineUnit(c, { code: 'ITEM:rice-5kg', scale: 0, name: '大米 5kg' });
      await ledger.defineUnit(c, { code: 'ITEM:flour-kg', scale: 3, name: '面粉 (kg)' });
      for (const [unit, item] of [
        ['ITEM:rice-5kg', 'rice-5kg'],
        ['ITEM:flour-kg', 'flour-kg'],
      ] as const) {
        await ledger.openAccount({ community: c, id: `store/s1/stock/${item}`, unit, name: `${item} stock` });
        await ledger.openAccount({ community: c, id: `income/in-kind/${item}`, unit, name: `${item} donated`, lowerLimit: null });
      }
      const donation = await ledger.post({
        community: c,
        id: 'don-1',
        kind: 'donation_in_kind',
        actor: 'staff-1',
        postings: [
          { account: 'income/in-kind/rice-5kg', unit: 'ITEM:rice-5kg', amount: '-10' },
          { account: 'store/s1/stock/rice-5kg', unit: 'ITEM:rice-5kg', amount: '10' },
          { account: 'income/in-kind/flour-kg', unit: 'ITEM:flour-kg', amount: '-2.5' },
          { account: 'store/s1/stock/flour-kg', unit: 'ITEM:flour-kg', amount: '2.5' },
        ],
      });
      expect(donation.postings.map((p) => [p.amount, p.balanceAfter])).toEqual([
        ['-10', '-10'],
        ['10', '10'],
        ['-2.500', '-2.500'],
        ['2.500', '2.500'],
      ]);
      expect(await balanceOf(c, 'store/s1/stock/flour-kg')).toBe('2.500');
      const half = { community: c, kind: 'distribution', actor: 'staff-1' };
      await refused(
        ledger.post({
          ...half,
          id: 'half-bag',
          postings: [
            { account: 'store/s1/stock/rice-5kg', unit: 'ITEM:rice-5kg', amount: '-0.5' },
            { account: 'income/in-kind/rice-5kg', unit: 'ITEM:rice-5kg', amount: '0.5' },
          ],
        }),
        'amount_scale_exceeded',
      );
      await refused(
        ledger.post({
          ...half,
          id: 'grams',
          postings: [
            { account: 'store/s1/stock/flour-kg', unit: 'ITEM:flour-kg', amount: '-0.0005' },
            { account: 'income/in-kind/flour-kg', unit: 'ITEM:flour-kg', amount: '0.0005' },
          ],
        }),
        'amount_scale_exceeded',
      );
    });
  });

  describe('accounts', () => {
    it('opens an account; the same body again returns it, a different body is refused', async () => {
      const c = await community();
      const input = {
        community: c,
        id: wang,
        unit: 'HOUR',
        name: '王芳',
        ownerRef: 'wang',
        metadata: { grid: 'A-03', 语言: ['zh', 'en'] },
      };
      const opened = await ledger.openAccount(input);
      expect(opened).toEqual({
        community: c,
        id: wang,
        unit: 'HOUR',
        name: '王芳',
        ownerRef: 'wang',
        lowerLimit: '0.00',
        upperLimit: null,
        metadata: { grid: 'A-03', 语言: ['zh', 'en'] },
        status: 'open',
        balance: '0.00',
        held: '0.00',
        incoming: '0.00',
        available: '0.00',
        createdAt: '2026-03-01T02:00:00.000Z',
      });
      nowMs += 60_000;
      expect(await ledger.openAccount(input)).toEqual(opened);
      expect(await ledger.openAccount({ ...input, metadata: { 语言: ['zh', 'en'], grid: 'A-03' } })).toEqual(opened);
      await refused(ledger.openAccount({ ...input, name: '王芳芳' }), 'id_reused_with_different_body');
      await refused(ledger.openAccount({ ...input, unit: 'CNY' }), 'id_reused_with_different_body');
      await refused(ledger.openAccount({ ...input, lowerLimit: '-5.00' }), 'id_reused_with_different_body');
      expect(await ledger.getAccount(c, 'member/nobody/hours')).toBeUndefined();
    });

    it('refuses postings that would leave an account outside its limits', async () => {
      const c = await community();
      await hourBooks(c, []);
      await ledger.openAccount({ community: c, id: wang, unit: 'HOUR', name: 'wang', lowerLimit: '-10.00', upperLimit: '5.00' });
      const account = await ledger.getAccount(c, wang);
      expect([account?.lowerLimit, account?.upperLimit]).toEqual(['-10.00', '5.00']);
      await ledger.post(move(c, 't1', issuance, wang, '5.00'));
      await refused(ledger.post(move(c, 't2', issuance, wang, '0.01')), 'exceeds_upper_limit');
      await ledger.post(move(c, 't3', wang, issuance, '15.00'));
      expect(await balanceOf(c, wang)).toBe('-10.00');
      await refused(ledger.post(move(c, 't4', wang, issuance, '0.01')), 'exceeds_lower_limit');
      // A limit the balance does not meet is refused; one it meets is kept.
      await refused(ledger.updateAccount(c, wang, { lowerLimit: '-9.99' }), 'exceeds_lower_limit');
      expect((await ledger.updateAccount(c, wang, { lowerLimit: null })).lowerLimit).toBeNull();
      await ledger.post(move(c, 't5', wang, issuance, '0.01'));
      expect(await balanceOf(c, wang)).toBe('-10.01');
      expect(await ledger.trialBalance(c)).toEqual([{ unit: 'HOUR', debit: '-10.01', credit: '10.01', net: '0.00', accounts: 2 }]);
    });

    it('freezes and unfreezes; closes only an empty account, and a closed account stays closed', async () => {
      const c = await community();
      await hourBooks(c);
      await ledger.post(move(c, 't1', issuance, wang, '2.00'));
      expect((await ledger.updateAccount(c, wang, { status: 'frozen' })).status).toBe('frozen');
      await refused(ledger.post(move(c, 't2', wang, li, '1.00')), 'account_frozen');
      await refused(ledger.post(move(c, 't2', li, wang, '1.00')), 'account_frozen');
      expect((await ledger.updateAccount(c, wang, { status: 'open' })).status).toBe('open');
      await ledger.post(move(c, 't2', wang, li, '1.00'));
      await refused(ledger.updateAccount(c, wang, { status: 'closed' }), 'account_not_empty');
      await ledger.createHold({
        community: c,
        id: 'h1',
        kind: 'service_hold',
        actor: 'li',
        from: issuance,
        to: li,
        unit: 'HOUR',
        amount: '1.00',
      });
      await ledger.post(move(c, 't3', wang, issuance, '1.00'));
      // Empty, but a pending hold still comes in: not closable until it resolves.
      await refused(ledger.updateAccount(c, li, { status: 'closed' }), 'account_not_empty');
      const closed = await ledger.updateAccount(c, wang, { status: 'closed' });
      expect([closed.status, closed.balance]).toEqual(['closed', '0.00']);
      await refused(ledger.post(move(c, 't4', issuance, wang, '1.00')), 'account_closed');
      await refused(ledger.updateAccount(c, wang, { status: 'open' }), 'account_closed');
      await refused(ledger.updateAccount(c, 'member/nobody/hours', { status: 'frozen' }), 'account_not_found');
    });

    it('lists accounts by id with a cursor, by unit and by owner', async () => {
      const c = await community();
      for (const id of ['member/e/hours', 'member/a/hours', 'member/c/hours', 'member/b/hours', 'member/d/hours']) {
        await ledger.openAccount({ community: c, id, unit: 'HOUR', name: id, ownerRef: id.split('/')[1] });
      }
      await ledger.openAccount({ community: c, id: 'member/a/points', unit: 'POINT', name: 'a points', ownerRef: 'a' });
      const seen: string[][] = [];
      let cursor: string | null = null;
      do {
        const page = await ledger.listAccounts(c, { unit: 'HOUR', cursor, limit: 2 });
        seen.push(page.items.map((account) => account.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual([['member/a/hours', 'member/b/hours'], ['member/c/hours', 'member/d/hours'], ['member/e/hours']]);
      expect((await ledger.listAccounts(c, { ownerRef: 'a' })).items.map((a) => a.id)).toEqual(['member/a/hours', 'member/a/points']);
      expect((await ledger.listAccounts(c)).items).toHaveLength(6);
      expect(await ledger.listAccounts('contract-nowhere')).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('transactions', () => {
    it('posts a transaction, and the same id with the same body returns the first result and changes nothing', async () => {
      const c = await community();
      await hourBooks(c);
      const input = move(c, 'sc-1', issuance, wang, '2.50', {
        kind: 'service_credit',
        memo: '帮李奶奶买菜, "送到家"',
        metadata: { need: 'need-7', hours: '2.50' },
      });
      const first = await ledger.post(input);
      expect(first).toMatchObject({
        community: c,
        id: 'sc-1',
        seq: 1,
        kind: 'service_credit',
        actor: 'coord-1',
        memo: '帮李奶奶买菜, "送到家"',
        metadata: { need: 'need-7', hours: '2.50' },
        effectiveAt: '2026-03-01T02:00:00.000Z',
        recordedAt: '2026-03-01T02:00:00.000Z',
        reverses: null,
        holdId: null,
        postings: [
          { account: issuance, unit: 'HOUR', amount: '-2.50', balanceAfter: '-2.50' },
          { account: wang, unit: 'HOUR', amount: '2.50', balanceAfter: '2.50' },
        ],
      });
      expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
      nowMs += 3_600_000;
      expect(await ledger.post(input)).toEqual(first);
      expect(
        await ledger.post({
          ...input,
          postings: [
            { account: issuance, unit: 'HOUR', amount: '-2.5' },
            { account: wang, unit: 'HOUR', amount: '2.5' },
          ],
        }),
      ).toEqual(first);
      expect(await balanceOf(c, wang)).toBe('2.50');
      expect((await ledger.journalPage(c)).items).toEqual([first]);
      expect(await ledger.getTransaction(c, 'sc-1')).toEqual(first);

      const memo = await refused(ledger.post({ ...input, memo: '别的' }), 'id_reused_with_different_body');
      expect(memo.detail).toContain('memo');
      const amount = await refused(
        ledger.post(move(c, 'sc-1', issuance, wang, '3.00', { kind: 'service_credit', memo: input.memo, metadata: input.metadata })),
        'id_reused_with_different_body',
      );
      expect(amount.detail).toContain('postings[0]');
      await refused(ledger.post({ ...input, effectiveAt: '2026-01-01T00:00:00Z' }), 'id_reused_with_different_body');
      expect(await balanceOf(c, wang)).toBe('2.50');
      expect(await ledger.getTransaction(c, 'sc-2')).toBeUndefined();
    });

    it('records when a transaction happened apart from when it was written', async () => {
      const c = await community();
      await hourBooks(c);
      const posted = await ledger.post(move(c, 't1', issuance, wang, '1.00', { effectiveAt: '2026-02-14T09:30:00+08:00' }));
      expect([posted.effectiveAt, posted.recordedAt]).toEqual(['2026-02-14T01:30:00.000Z', '2026-03-01T02:00:00.000Z']);
      expect((await ledger.getTransaction(c, 't1'))?.effectiveAt).toBe('2026-02-14T01:30:00.000Z');
    });

    it('keeps text exactly as written: Chinese, quotes, commas, semicolons and new lines', async () => {
      const c = await community();
      await hourBooks(c);
      const memo = '陪伴 "老人" 散步, 一小时; 第二行\r\n第三行\t完';
      const metadata = { 备注: '说明; "引号", 逗号', nested: { list: [1, 2.5, -3, true, null, '二'] }, big: 1e21, small: 0.1 };
      const posted = await ledger.post(move(c, 't1', issuance, wang, '1.00', { memo, metadata }));
      expect([posted.memo, posted.metadata]).toEqual([memo, metadata]);
      const read = await ledger.getTransaction(c, 't1');
      expect([read?.memo, read?.metadata]).toEqual([memo, metadata]);
      expect(await ledger.post(move(c, 't1', issuance, wang, '1.00', { memo, metadata }))).toEqual(read);
      expect(await ledger.verify(c)).toMatchObject({ ok: true, transactions: 1 });
    });
  });

  describe('holds', () => {
    async function heldBooks(): Promise<string> {
      const c = await community();
      await hourBooks(c);
      await ledger.post(move(c, 'fund', issuance, li, '5.00'));
      return c;
    }

    function hold(c: string, id: string, amount: string, extra: { expiresAt?: string } = {}) {
      return {
        community: c,
        id,
        kind: 'service_credit',
        actor: 'li',
        from: li,
        to: wang,
        unit: 'HOUR',
        amount,
        memo: '上门维修',
        ...extra,
      };
    }

    it('reserves an amount: the payer available balance drops, the balance does not', async () => {
      const c = await heldBooks();
      const created = await ledger.createHold(hold(c, 'h1', '2.00'));
      expect(created).toEqual({
        community: c,
        id: 'h1',
        kind: 'service_credit',
        actor: 'li',
        from: li,
        to: wang,
        unit: 'HOUR',
        amount: '2.00',
        memo: '上门维修',
        metadata: {},
        status: 'pending',
        expiresAt: null,
        createdAt: '2026-03-01T02:00:00.000Z',
        resolvedAt: null,
        postedAmount: null,
        transactionId: null,
      });
      expect(await ledger.createHold(hold(c, 'h1', '2.00'))).toEqual(created);
      await refused(ledger.createHold(hold(c, 'h1', '2.50')), 'id_reused_with_different_body');
      expect(await ledger.balance(c, li)).toEqual({
        account: li,
        unit: 'HOUR',
        balance: '5.00',
        available: '3.00',
        held: '2.00',
        incoming: '0.00',
        at: null,
      });
      expect(await ledger.balance(c, wang)).toMatchObject({ balance: '0.00', available: '0.00', held: '0.00', incoming: '2.00' });
      await refused(ledger.createHold(hold(c, 'h2', '3.01')), 'exceeds_lower_limit');
      await refused(ledger.post(move(c, 't1', li, issuance, '3.01')), 'exceeds_lower_limit');
      expect((await ledger.listHolds(c, { account: li, status: 'pending' })).items.map((h) => h.id)).toEqual(['h1']);
    });

    it('posts a hold in full, once', async () => {
      const c = await heldBooks();
      await ledger.createHold(hold(c, 'h1', '2.00'));
      nowMs += 60_000;
      const posted = await ledger.postHold({ community: c, holdId: 'h1', transactionId: 'h1/post', actor: 'coord-1' });
      expect(posted).toMatchObject({
        id: 'h1/post',
        kind: 'service_credit',
        holdId: 'h1',
        postings: [
          { account: li, amount: '-2.00', balanceAfter: '3.00' },
          { account: wang, amount: '2.00', balanceAfter: '2.00' },
        ],
      });
      expect(await ledger.getHold(c, 'h1')).toMatchObject({
        status: 'posted',
        postedAmount: '2.00',
        transactionId: 'h1/post',
        resolvedAt: '2026-03-01T02:01:00.000Z',
      });
      expect(await ledger.balance(c, li)).toMatchObject({ balance: '3.00', available: '3.00', held: '0.00' });
      expect(await ledger.balance(c, wang)).toMatchObject({ balance: '2.00', incoming: '0.00' });
      expect(await ledger.postHold({ community: c, holdId: 'h1', transactionId: 'h1/post', actor: 'coord-1' })).toEqual(posted);
      await refused(ledger.postHold({ community: c, holdId: 'h1', transactionId: 'h1/post-again', actor: 'coord-1' }), 'hold_not_pending');
      await refused(ledger.voidHold({ community: c, holdId: 'h1', actor: 'coord-1' }), 'hold_not_pending');
    });

    it('posts part of a hold and releases the rest', async () => {
      const c = await heldBooks();
      await ledger.createHold(hold(c, 'h1', '2.00'));
      await refused(
        ledger.postHold({ community: c, holdId: 'h1', transactionId: 'h1/post', actor: 'coord-1', amount: '2.01' }),
        'amount_exceeds_hold',
      );
      const posted = await ledger.postHold({
        community: c,
        holdId: 'h1',
        transactionId: 'h1/post',
        actor: 'coord-1',
        amount: '1.50',
        memo: '实际 1.5 小时',
      });
      expect(posted.postings.map((p) => p.amount)).toEqual(['-1.50', '1.50']);
      expect(await ledger.getHold(c, 'h1')).toMatchObject({ status: 'posted', postedAmount: '1.50' });
      expect(await ledger.balance(c, li)).toMatchObject({ balance: '3.50', available: '3.50', held: '0.00' });
      expect(await ledger.balance(c, wang)).toMatchObject({ balance: '1.50', incoming: '0.00' });
    });

    it('voids a hold; voiding again returns it, posting it is refused', async () => {
      const c = await heldBooks();
      await ledger.createHold(hold(c, 'h1', '2.00'));
      nowMs += 1_000;
      const voided = await ledger.voidHold({ community: c, holdId: 'h1', actor: 'li' });
      expect(voided).toMatchObject({ status: 'voided', resolvedAt: '2026-03-01T02:00:01.000Z', postedAmount: null, transactionId: null });
      nowMs += 1_000;
      expect(await ledger.voidHold({ community: c, holdId: 'h1', actor: 'li' })).toEqual(voided);
      await refused(ledger.postHold({ community: c, holdId: 'h1', transactionId: 'h1/post', actor: 'coord-1' }), 'hold_not_pending');
      await refused(ledger.voidHold({ community: c, holdId: 'h9', actor: 'li' }), 'hold_not_found');
      expect(await ledger.balance(c, li)).toMatchObject({ balance: '5.00', available: '5.00', held: '0.00' });
    });

    it('expires a hold whose time has come and frees its amount', async () => {
      const c = await heldBooks();
      await refused(ledger.createHold(hold(c, 'h0', '1.00', { expiresAt: '2026-03-01T02:00:00Z' })), 'expires_at_invalid');
      await ledger.createHold(hold(c, 'h1', '2.00', { expiresAt: '2026-03-01T11:00:00+08:00' }));
      await ledger.createHold(hold(c, 'h2', '1.00', { expiresAt: '2026-03-02T00:00:00Z' }));
      expect((await ledger.getHold(c, 'h1'))?.expiresAt).toBe('2026-03-01T03:00:00.000Z');
      expect(await ledger.expireHolds(c)).toBe(0);
      nowMs = Date.parse('2026-03-01T03:00:00.000Z');
      await refused(ledger.postHold({ community: c, holdId: 'h1', transactionId: 'h1/post', actor: 'coord-1' }), 'hold_expired');
      expect(await ledger.expireHolds(c)).toBe(1);
      expect(await ledger.getHold(c, 'h1')).toMatchObject({ status: 'expired', resolvedAt: '2026-03-01T03:00:00.000Z' });
      expect(await ledger.getHold(c, 'h2')).toMatchObject({ status: 'pending' });
      expect(await ledger.balance(c, li)).toMatchObject({ balance: '5.00', available: '4.00', held: '1.00' });
      await refused(ledger.postHold({ community: c, holdId: 'h1', transactionId: 'h1/post', actor: 'coord-1' }), 'hold_not_pending');
      expect(await ledger.expireHolds(c)).toBe(0);
      const page = await ledger.listHolds(c, { limit: 1 });
      expect(page.items.map((h) => h.id)).toEqual(['h1']);
      expect((await ledger.listHolds(c, { cursor: page.nextCursor, limit: 1 })).items.map((h) => h.id)).toEqual(['h2']);
    });
  });

  describe('reversals', () => {
    async function reversalBooks(): Promise<string> {
      const c = await community();
      await hourBooks(c);
      await ledger.post(move(c, 'sc-1', issuance, wang, '3.00', { kind: 'service_credit' }));
      return c;
    }

    it('reverses a transaction in full, once', async () => {
      const c = await reversalBooks();
      const reversal = await ledger.reverse({ community: c, id: 'sc-1/reversal', reverses: 'sc-1', actor: 'auditor-1', memo: '录入错误' });
      expect(reversal).toMatchObject({
        kind: 'reversal',
        reverses: 'sc-1',
        memo: '录入错误',
        postings: [
          { account: issuance, amount: '3.00', balanceAfter: '0.00' },
          { account: wang, amount: '-3.00', balanceAfter: '0.00' },
        ],
      });
      expect(await ledger.reverse({ community: c, id: 'sc-1/reversal', reverses: 'sc-1', actor: 'auditor-1', memo: '录入错误' })).toEqual(
        reversal,
      );
      await refused(ledger.reverse({ community: c, id: 'sc-1/reversal-2', reverses: 'sc-1', actor: 'auditor-1' }), 'already_reversed');
      await refused(ledger.reverse({ community: c, id: 'rr', reverses: 'sc-1/reversal', actor: 'auditor-1' }), 'reversal_not_reversible');
      await refused(ledger.reverse({ community: c, id: 'r9', reverses: 'sc-9', actor: 'auditor-1' }), 'transaction_not_found');
      expect(await balanceOf(c, wang)).toBe('0.00');
    });

    it('reverses in parts that add up to at most the original', async () => {
      const c = await reversalBooks();
      const part = (id: string, amount: string) => ({
        community: c,
        id,
        reverses: 'sc-1',
        actor: 'auditor-1',
        postings: [
          { account: wang, unit: 'HOUR', amount: `-${amount}` },
          { account: issuance, unit: 'HOUR', amount },
        ],
      });
      await ledger.reverse(part('r1', '1.00'));
      await refused(ledger.reverse(part('r2', '2.01')), 'reversal_exceeds_original');
      await refused(
        ledger.reverse({
          ...part('r2', '1.00'),
          postings: [
            { account: wang, unit: 'HOUR', amount: '1.00' },
            { account: issuance, unit: 'HOUR', amount: '-1.00' },
          ],
        }),
        'reversal_exceeds_original',
      );
      await ledger.reverse(part('r2', '2.00'));
      await refused(ledger.reverse(part('r3', '0.01')), 'already_reversed');
      expect(await balanceOf(c, wang)).toBe('0.00');
      expect(await balanceOf(c, issuance)).toBe('0.00');
    });
  });

  describe('reads', () => {
    /** Four transactions on wang's account, effective on four different days, written on the fifth. */
    async function history(): Promise<string> {
      const c = await community();
      await hourBooks(c);
      await ledger.post(move(c, 't1', issuance, wang, '4.00', { effectiveAt: '2026-01-10T10:00:00+08:00', memo: '一' }));
      await ledger.post(move(c, 't2', wang, li, '1.50', { effectiveAt: '2026-01-20T10:00:00+08:00', memo: '二' }));
      await ledger.post(move(c, 't3', issuance, wang, '0.25', { effectiveAt: '2026-02-01T10:00:00+08:00', memo: '三' }));
      await ledger.post(move(c, 't4', li, issuance, '0.50', { memo: '四' }));
      await ledger.post(move(c, 't5', wang, li, '2.00', { effectiveAt: '2026-02-10T10:00:00+08:00', memo: '五' }));
      return c;
    }

    it('gives a balance now and at a past time', async () => {
      const c = await history();
      expect(await ledger.balance(c, wang)).toEqual({
        account: wang,
        unit: 'HOUR',
        balance: '0.75',
        available: '0.75',
        held: '0.00',
        incoming: '0.00',
        at: null,
      });
      expect(await ledger.balance(c, wang, { at: '2026-01-25T00:00:00+08:00' })).toEqual({
        account: wang,
        unit: 'HOUR',
        balance: '2.50',
        available: '2.50',
        held: '0',
        incoming: '0',
        at: '2026-01-24T16:00:00.000Z',
      });
      expect((await ledger.balance(c, wang, { at: '2026-01-10T02:00:00Z' }))?.balance).toBe('4.00');
      expect((await ledger.balance(c, wang, { at: '2026-01-10T01:59:59.999Z' }))?.balance).toBe('0.00');
      expect((await ledger.balance(c, li, { at: '2026-02-28T00:00:00Z' }))?.balance).toBe('3.50');
      expect(await ledger.balance(c, 'member/nobody/hours')).toBeUndefined();
      await refused(ledger.balance(c, wang, { at: 'yesterday' }), 'effective_at_invalid');
    });

    it('pages an account statement in journal order with the balance after each posting', async () => {
      const c = await history();
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const page = await ledger.statement(c, wang, { cursor, limit: 2 });
        pages.push(page.items.map((line) => `${line.seq} ${line.transactionId} ${line.amount} ${line.balanceAfter} ${line.memo}`));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(pages).toEqual([
        ['1 t1 4.00 4.00 一', '2 t2 -1.50 2.50 二'],
        ['3 t3 0.25 2.75 三', '5 t5 -2.00 0.75 五'],
      ]);
      const [line] = (await ledger.statement(c, wang, { limit: 1 })).items;
      expect(line).toEqual({
        seq: 1,
        transactionId: 't1',
        kind: 'hour_gift',
        memo: '一',
        effectiveAt: '2026-01-10T02:00:00.000Z',
        recordedAt: '2026-03-01T02:00:00.000Z',
        amount: '4.00',
        balanceAfter: '4.00',
      });
      expect(await ledger.statement(c, 'member/nobody/hours')).toEqual({ items: [], nextCursor: null });
      await refused(ledger.statement(c, wang, { cursor: 'seq-2' }), 'cursor_invalid');
    });

    it('gives a trial balance that nets to zero per unit, now and at a past time', async () => {
      const c = await history();
      await ledger.openAccount({ community: c, id: 'points/issuance', unit: 'POINT', name: 'points issued', lowerLimit: null });
      await ledger.openAccount({ community: c, id: 'household/HH-1/points', unit: 'POINT', name: 'HH-1' });
      await ledger.post({
        community: c,
        id: 'p1',
        kind: 'points_issue',
        actor: 'coord-1',
        postings: [
          { account: 'points/issuance', unit: 'POINT', amount: '-100' },
          { account: 'household/HH-1/points', unit: 'POINT', amount: '100' },
        ],
      });
      expect(await ledger.trialBalance(c)).toEqual([
        { unit: 'HOUR', debit: '-3.75', credit: '3.75', net: '0.00', accounts: 3 },
        { unit: 'POINT', debit: '-100', credit: '100', net: '0', accounts: 2 },
      ]);
      // Every account counts at every time, with a zero balance before its first posting.
      expect(await ledger.trialBalance(c, { at: '2026-01-25T00:00:00+08:00' })).toEqual([
        { unit: 'HOUR', debit: '-4.00', credit: '4.00', net: '0.00', accounts: 3 },
        { unit: 'POINT', debit: '0', credit: '0', net: '0', accounts: 2 },
      ]);
      expect(await ledger.trialBalance(c, { at: '2025-12-31T00:00:00Z' })).toEqual([
        { unit: 'HOUR', debit: '0.00', credit: '0.00', net: '0.00', accounts: 3 },
        { unit: 'POINT', debit: '0', credit: '0', net: '0', accounts: 2 },
      ]);
      await refused(ledger.trialBalance(c, { at: '2026-13-01T00:00:00Z' }), 'effective_at_invalid');
    });

    it('pages the journal by position, without gaps, and verifies its hash chain', async () => {
      const c = await history();
      const seen: Transaction[] = [];
      let cursor: string | null = null;
      do {
        const page = await ledger.journalPage(c, { cursor, limit: 2 });
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen.map((t) => `${t.seq} ${t.id}`)).toEqual(['1 t1', '2 t2', '3 t3', '4 t4', '5 t5']);
      const all: Transaction[] = [];
      for await (const transaction of ledger.journal(c)) all.push(transaction);
      expect(all).toEqual(seen);
      expect(await ledger.verify(c)).toEqual({ ok: true, transactions: 5, head: seen[4]?.hash });
      expect(await ledger.verify(await community())).toEqual({ ok: true, transactions: 0, head: '0'.repeat(64) });
    });
  });

  describe('credited hours and monthly figures', () => {
    it('sums what transactions of a kind credited an account, net of their reversals, and reads on from where it left off', async () => {
      const c = await community();
      await hourBooks(c);
      await ledger.post(move(c, 'sc-1', issuance, wang, '3.00', { kind: 'service_credit' }));
      await ledger.post(move(c, 'gift-1', wang, li, '1.00'));
      // A service hold posted in part: its transaction has the hold's kind.
      await ledger.createHold({
        community: c,
        id: 'h1',
        kind: 'service_credit',
        actor: 'coord-1',
        from: issuance,
        to: wang,
        unit: 'HOUR',
        amount: '2.50',
      });
      await ledger.postHold({ community: c, holdId: 'h1', transactionId: 'h1/post', actor: 'coord-1', amount: '2.00' });
      // wang pays li for a service: li is credited, wang's side is not a credit.
      await ledger.post(move(c, 'sc-2', wang, li, '0.50', { kind: 'service_credit' }));
      await ledger.reverse({
        community: c,
        id: 'sc-1/part',
        reverses: 'sc-1',
        actor: 'auditor-1',
        postings: [
          { account: wang, unit: 'HOUR', amount: '-0.75' },
          { account: issuance, unit: 'HOUR', amount: '0.75' },
        ],
      });
      expect(await ledger.creditedByKind(c, wang, 'service_credit')).toBe('4.25');
      expect(await ledger.creditedByKind(c, li, 'service_credit')).toBe('0.50');
      expect(await ledger.creditedByKind(c, issuance, 'service_credit')).toBe('0.00');
      expect(await ledger.creditedByKind(c, li, 'hour_gift')).toBe('1.00');
      expect(await ledger.creditedByKind(c, 'member/nobody/hours', 'service_credit')).toBeUndefined();
      // Read again after more postings, and after a reversal of the credit read before.
      await ledger.post(move(c, 'sc-3', issuance, wang, '3.50', { kind: 'service_credit' }));
      expect(await ledger.creditedByKind(c, wang, 'service_credit')).toBe('7.75');
      await ledger.reverse({ community: c, id: 'h1/post/reversal', reverses: 'h1/post', actor: 'auditor-1' });
      expect(await ledger.creditedByKind(c, wang, 'service_credit')).toBe('5.75');
      expect(await ledger.creditedByKind(c, wang, 'service_credit')).toBe('5.75');
    });

    it('gives per month, kind and unit the counted postings and their distinct parties; a reversal counts in its own month', async () => {
      const c = await community();
      await hourBooks(c);
      await ledger.defineUnit(c, { code: 'ITEM:rice-5kg', scale: 0, name: '大米 5kg' });
      await ledger.openAccount({ community: c, id: 'income/in-kind/rice-5kg', unit: 'ITEM:rice-5kg', name: 'in kind', lowerLimit: null });
      await ledger.openAccount({ community: c, id: 'store/s1/stock/rice-5kg', unit: 'ITEM:rice-5kg', name: 'stock' });
      const donate = (id: string, donor: string, bags: string, effectiveAt: string) =>
        ledger.post({
          community: c,
          id,
          kind: 'donation_in_kind',
          actor: 'staff-1',
          metadata: { donor },
          effectiveAt,
          postings: [
            { account: 'income/in-kind/rice-5kg', unit: 'ITEM:rice-5kg', amount: `-${bags}` },
            { account: 'store/s1/stock/rice-5kg', unit: 'ITEM:rice-5kg', amount: bags },
          ],
        });
      await ledger.post(move(c, 'sc-old', issuance, wang, '9.00', { kind: 'service_credit', effectiveAt: '2025-12-31T15:59:59.999Z' }));
      // 1 February, 01:00 in China Standard Time: February there, January in UTC.
      await ledger.post(move(c, 'sc-a', issuance, wang, '2.00', { kind: 'service_credit', effectiveAt: '2026-01-31T17:00:00Z' }));
      await ledger.post(move(c, 'sc-b', issuance, li, '1.50', { kind: 'service_credit', effectiveAt: '2026-02-10T02:00:00Z' }));
      await ledger.post(move(c, 'sc-c', issuance, wang, '1.00', { kind: 'service_credit', effectiveAt: '2026-02-11T02:00:00Z' }));
      await ledger.post(move(c, 'gift', wang, li, '0.25', { effectiveAt: '2026-02-12T02:00:00Z' }));
      await donate('d-1', 'donor-1', '3', '2026-02-03T02:00:00Z');
      await donate('d-2', 'donor-1', '1', '2026-02-04T02:00:00Z');
      await donate('d-3', 'donor-2', '1', '2026-02-05T02:00:00Z');
      await ledger.reverse({
        community: c,
        id: 'sc-b/part',
        reverses: 'sc-b',
        actor: 'auditor-1',
        effectiveAt: '2026-03-05T02:00:00Z',
        postings: [
          { account: li, unit: 'HOUR', amount: '-0.50' },
          { account: issuance, unit: 'HOUR', amount: '0.50' },
        ],
      });
      const counted = [
        { kind: 'service_credit', accountPattern: 'member/%', unit: 'HOUR', party: 'account' as const },
        { kind: 'donation_in_kind', accountPattern: 'store/%/stock/%', party: { metadata: 'donor' } },
      ];
      const query = { from: '2025-12-31T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z', utcOffsetMinutes: 480, counted };
      expect(await ledger.monthlyFigures(c, query)).toEqual([
        { month: '2026-02', kind: 'donation_in_kind', unit: 'ITEM:rice-5kg', total: '5', parties: 2 },
        { month: '2026-02', kind: 'service_credit', unit: 'HOUR', total: '4.50', parties: 2 },
        { month: '2026-03', kind: 'service_credit', unit: 'HOUR', total: '-0.50', parties: 1 },
      ]);
      expect(
        await ledger.monthlyFigures(c, { ...query, from: '2025-12-01T00:00:00.000Z', utcOffsetMinutes: 0, counted: counted.slice(0, 1) }),
      ).toEqual([
        { month: '2025-12', kind: 'service_credit', unit: 'HOUR', total: '9.00', parties: 1 },
        { month: '2026-01', kind: 'service_credit', unit: 'HOUR', total: '2.00', parties: 1 },
        { month: '2026-02', kind: 'service_credit', unit: 'HOUR', total: '2.50', parties: 2 },
        { month: '2026-03', kind: 'service_credit', unit: 'HOUR', total: '-0.50', parties: 1 },
      ]);
      expect(await ledger.monthlyFigures(await community(), query)).toEqual([]);
    });
  });

  describe('linked batches', () => {
    it('commits a linked batch whole, in order', async () => {
      const c = await community();
      await hourBooks(c);
      const posted = await ledger.postLinked(c, [
        move(c, 'b1', issuance, wang, '2.00'),
        move(c, 'b2', wang, li, '1.50'),
        move(c, 'b3', li, wang, '0.25'),
      ]);
      expect(posted.map((t) => `${t.seq} ${t.id}`)).toEqual(['1 b1', '2 b2', '3 b3']);
      expect(posted[2]?.postings.map((p) => p.balanceAfter)).toEqual(['1.25', '0.75']);
      expect(await ledger.verify(c)).toMatchObject({ ok: true, transactions: 3 });
    });

    it('commits nothing of a linked batch when one member is refused, and names that member', async () => {
      const c = await community();
      await hourBooks(c);
      await ledger.post(move(c, 't0', issuance, wang, '1.00'));
      const rejection = await refused(
        ledger.postLinked(c, [move(c, 'b1', issuance, li, '2.00'), move(c, 'b2', li, wang, '1.00'), move(c, 'b3', wang, li, '2.50')]),
        'exceeds_lower_limit',
      );
      expect(rejection.index).toBe(2);
      expect([await balanceOf(c, wang), await balanceOf(c, li), await balanceOf(c, issuance)]).toEqual(['1.00', '0.00', '-1.00']);
      expect(await ledger.getTransaction(c, 'b1')).toBeUndefined();
      expect((await ledger.journalPage(c)).items.map((t) => t.id)).toEqual(['t0']);
      // The same ids may be used again, since nothing of the refused batch was kept.
      const posted = await ledger.postLinked(c, [move(c, 'b1', issuance, li, '2.00'), move(c, 'b2', li, wang, '1.00')]);
      expect(posted.map((t) => t.seq)).toEqual([2, 3]);
      expect(await ledger.verify(c)).toMatchObject({ ok: true, transactions: 3 });
    });
  });
});
