import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRejection } from '../rejections.js';
import type { Ledger } from '../ledger.js';
import { memoryFixture, pgliteFixture, type OpenedStore } from '../test-support.js';
import {
  accountIds,
  cashDonation,
  distribution,
  donationInKind,
  fundSpending,
  hourGift,
  pointsIssue,
  serviceCredit,
  serviceHold,
  starLevel,
  stockVariance,
  transferHours,
} from './index.js';

describe.each([memoryFixture, pgliteFixture])('books on the $name store', (fixture) => {
  let opened: OpenedStore;
  let ledger: Ledger;
  const community = 'xianlin';

  beforeAll(async () => {
    opened = await fixture.open();
    ledger = opened.ledger();
    await ledger.createCommunity({ id: community, name: '仙林社区' });
    await ledger.createCommunity({ id: 'maqun', name: '马群社区' });
    for (const c of [community, 'maqun']) {
      await ledger.openAccount({ community: c, id: accountIds.hourIssuance, unit: 'HOUR', name: 'hours issued', lowerLimit: null });
      await ledger.openAccount({ community: c, id: accountIds.hourPool, unit: 'HOUR', name: 'hour pool' });
    }
    await ledger.openAccount({
      community: 'maqun',
      id: accountIds.hourClearing(community),
      unit: 'HOUR',
      name: 'clearing with xianlin',
      lowerLimit: null,
    });
    await ledger.openAccount({ community: 'maqun', id: accountIds.memberHours('mom'), unit: 'HOUR', name: 'mom' });
    await ledger.openAccount({
      community,
      id: accountIds.hourClearing('maqun'),
      unit: 'HOUR',
      name: 'clearing with maqun',
      lowerLimit: null,
    });
    for (const member of ['wang', 'li']) {
      await ledger.openAccount({ community, id: accountIds.memberHours(member), unit: 'HOUR', name: member, lowerLimit: '-10.00' });
    }
  });
  afterAll(async () => opened.close());

  it('credits a volunteer from the payer and lets hours be given to family or the pool', async () => {
    await ledger.post(serviceCredit({ community, id: 'sc-1', actor: 'coord', volunteer: 'wang', payer: 'issuance', hours: '3.00' }));
    await ledger.post(hourGift({ community, id: 'gift-1', actor: 'wang', from: 'wang', to: { member: 'li' }, hours: '1.00' }));
    await ledger.post(hourGift({ community, id: 'gift-2', actor: 'wang', from: 'wang', to: 'pool', hours: '0.50' }));
    expect((await ledger.balance(community, accountIds.memberHours('wang')))?.balance).toBe('1.50');
    expect((await ledger.balance(community, accountIds.hourPool))?.balance).toBe('0.50');
    expect((await ledger.balance(community, accountIds.hourIssuance))?.balance).toBe('-3.00');
  });

  it('holds the payer hours on acceptance and posts only the approved hours', async () => {
    await ledger.createHold(
      serviceHold({ community, id: 'need-7/hold', actor: 'li', volunteer: 'wang', payer: { member: 'li' }, hours: '2.00' }),
    );
    expect((await ledger.balance(community, accountIds.memberHours('li')))?.available).toBe('-1.00');
    await ledger.postHold({ community, holdId: 'need-7/hold', transactionId: 'need-7/approve', actor: 'coord', amount: '1.50' });
    expect((await ledger.balance(community, accountIds.memberHours('li')))?.balance).toBe('-0.50');
    expect((await ledger.balance(community, accountIds.memberHours('li')))?.available).toBe('-0.50');
  });

  it('runs the supermarket: donation in kind with its fair value, points, distribution, variance', async () => {
    await ledger.defineUnit(community, { code: 'ITEM:rice-5kg', scale: 0, name: '大米 5kg' });
    await ledger.openAccount({ community, id: accountIds.stock('s1', 'rice-5kg'), unit: 'ITEM:rice-5kg', name: 'rice stock' });
    await ledger.openAccount({
      community,
      id: accountIds.inKindIncome('rice-5kg'),
      unit: 'ITEM:rice-5kg',
      name: 'rice donated',
      lowerLimit: null,
    });
    await ledger.openAccount({ community, id: accountIds.distributed('rice-5kg'), unit: 'ITEM:rice-5kg', name: 'rice distributed' });
    await ledger.openAccount({
      community,
      id: accountIds.stockVariance('s1', 'rice-5kg'),
      unit: 'ITEM:rice-5kg',
      name: 'rice variance',
      lowerLimit: null,
    });
    await ledger.openAccount({ community, id: accountIds.pointIssuance, unit: 'POINT', name: 'points issued', lowerLimit: null });
    await ledger.openAccount({ community, id: accountIds.pointsRedeemed, unit: 'POINT', name: 'points redeemed' });
    await ledger.openAccount({ community, id: accountIds.householdPoints('HH-7Q3K9'), unit: 'POINT', name: 'HH-7Q3K9' });

    const donation = await ledger.post(
      donationInKind({
        community,
        id: 'don-1',
        actor: 'staff',
        store: 's1',
        item: 'rice-5kg',
        quantity: '10',
        donor: 'D-001',
        fairValue: '450.00',
        valuationMethod: 'market_price',
      }),
    );
    expect(donation.metadata).toMatchObject({ fairValue: '450.00', valuationMethod: 'market_price' });
    await ledger.post(pointsIssue({ community, id: 'pts-1', actor: 'coord', household: 'HH-7Q3K9', points: '100', reason: 'low_income' }));
    await ledger.post(
      distribution({
        community,
        id: 'dist-1',
        actor: 'staff',
        store: 's1',
        household: 'HH-7Q3K9',
        items: [{ item: 'rice-5kg', quantity: '2' }],
        points: '60',
      }),
    );
    await expect(
      ledger.post(
        distribution({
          community,
          id: 'dist-2',
          actor: 'staff',
          store: 's1',
          household: 'HH-7Q3K9',
          items: [{ item: 'rice-5kg', quantity: '1' }],
          points: '60',
        }),
      ),
    ).rejects.toMatchObject({ code: 'exceeds_lower_limit' });
    await ledger.post(
      stockVariance({
        community,
        id: 'var-1',
        actor: 'staff',
        store: 's1',
        item: 'rice-5kg',
        difference: '-1',
        reason: 'damaged',
        countId: 'count-1',
      }),
    );
    expect((await ledger.balance(community, accountIds.stock('s1', 'rice-5kg')))?.balance).toBe('7');
    expect((await ledger.balance(community, accountIds.householdPoints('HH-7Q3K9')))?.balance).toBe('40');
    for (const line of await ledger.trialBalance(community)) expect(line.net).toMatch(/^0(\.0+)?$/);
  });

  it('keeps restricted funds from being overspent', async () => {
    await ledger.openAccount({ community, id: accountIds.fund('elderly-meals'), unit: 'CNY', name: '助老餐基金' });
    await ledger.openAccount({ community, id: accountIds.cashIncome('elderly-meals'), unit: 'CNY', name: 'cash given', lowerLimit: null });
    await ledger.openAccount({ community, id: accountIds.projectSpending('elderly-meals', 'canteen'), unit: 'CNY', name: 'canteen' });
    await ledger.post(
      cashDonation({
        community,
        id: 'cash-1',
        actor: 'staff',
        fund: 'elderly-meals',
        amount: '500.00',
        donor: 'D-002',
        method: 'wechat_pay',
      }),
    );
    await ledger.post(
      fundSpending({
        community,
        id: 'spend-1',
        actor: 'coord',
        fund: 'elderly-meals',
        project: 'canteen',
        amount: '320.00',
        kind: 'fund_spending',
      }),
    );
    await expect(
      ledger.post(
        fundSpending({
          community,
          id: 'spend-2',
          actor: 'coord',
          fund: 'elderly-meals',
          project: 'canteen',
          amount: '180.01',
          kind: 'fund_spending',
        }),
      ),
    ).rejects.toBeInstanceOf(LedgerRejection);
    expect((await ledger.balance(community, accountIds.fund('elderly-meals')))?.balance).toBe('180.00');
  });

  it('moves hours between communities through clearing, settling both sides, and resumes after a stop', async () => {
    const transfer = {
      id: 'xfer-1',
      actor: 'wang',
      receiverActor: 'p-sender',
      from: { community, member: 'wang' },
      to: { community: 'maqun', member: 'mom' },
      hours: '1.00',
    };
    const outcome = await transferHours(ledger, ledger, transfer);
    expect(outcome.status).toBe('settled');
    // The receiver's books name the sender by the pseudonym given, the sender's by the actor.
    expect((await ledger.getTransaction('maqun', 'xfer-1/credit'))?.actor).toBe('p-sender');
    expect((await ledger.getTransaction(community, 'xfer-1/settle'))?.actor).toBe('wang');
    const again = await transferHours(ledger, ledger, transfer);
    expect(again.status).toBe('settled');
    expect((await ledger.balance('maqun', accountIds.memberHours('mom')))?.balance).toBe('1.00');
    expect((await ledger.balance(community, accountIds.memberHours('wang')))?.balance).toBe('2.00');
    expect((await ledger.balance(community, accountIds.hourClearing('maqun')))?.balance).toBe('1.00');
    expect((await ledger.balance('maqun', accountIds.hourClearing(community)))?.balance).toBe('-1.00');
  });

  it('voids the sender hold when the receiver refuses, and nothing moves', async () => {
    const outcome = await transferHours(ledger, ledger, {
      id: 'xfer-2',
      actor: 'wang',
      receiverActor: 'p-sender',
      from: { community, member: 'wang' },
      to: { community: 'maqun', member: 'nobody' },
      hours: '0.25',
    });
    expect(outcome).toMatchObject({ status: 'voided', code: 'account_not_found' });
    expect((await ledger.getHold(community, 'xfer-2/hold'))?.status).toBe('voided');
    expect((await ledger.balance(community, accountIds.memberHours('wang')))?.available).toBe('2.00');
  });

  it('gives and sends only down to a floor: the gift and the transfer’s hold carry it, and a retry of the gift made is answered as made', async () => {
    // wang has 2.00 and may overdraw to -10.00; with a floor of 0.00 only the 2.00 may go.
    const gift = { community, id: 'gift-floor', actor: 'wang', from: 'wang', to: 'pool' as const, floor: '0.00' };
    await expect(ledger.post(hourGift({ ...gift, hours: '2.01' }))).rejects.toMatchObject({ code: 'exceeds_floor' });
    await expect(
      transferHours(ledger, ledger, {
        id: 'xfer-floor',
        actor: 'wang',
        receiverActor: 'p-wang',
        from: { community, member: 'wang' },
        to: { community: 'maqun', member: 'mom' },
        hours: '2.01',
        floor: '0.00',
      }),
    ).rejects.toMatchObject({ code: 'exceeds_floor' });
    expect(await ledger.getHold(community, 'xfer-floor/hold')).toBeUndefined();
    const given = await ledger.post(hourGift({ ...gift, hours: '2.00' }));
    expect(given.postings[0]).toEqual({ account: accountIds.memberHours('wang'), unit: 'HOUR', amount: '-2.00', balanceAfter: '0.00' });
    expect(await ledger.post(hourGift({ ...gift, hours: '2.00' }))).toEqual(given);
    expect((await ledger.balance(community, accountIds.memberHours('wang')))?.balance).toBe('0.00');
  });

  it('gives star levels at the national thresholds', () => {
    expect([starLevel('99.99'), starLevel('100'), starLevel('299'), starLevel('1000.00'), starLevel('2000')]).toEqual([0, 1, 1, 4, 5]);
  });
});
