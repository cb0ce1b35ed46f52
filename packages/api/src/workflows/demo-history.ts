// A few months of believable history for the demo community: service, gifts, donations, points and handouts.
import { AmountDecimal, books, type Ledger } from '@linli/ledger';
import {
  openCatalogueItem,
  openCommunityBooks,
  openFund,
  openHouseholdAccount,
  openMemberAccount,
  openProject,
  type CatalogueItem,
} from './community-books.js';

const { serviceCredit, hourGift, donationInKind, pointsIssue, distribution, cashDonation, fundSpending, stockVariance } = books;

export const demoStore = 'xianlin-market';
export const demoFund = 'elderly-care';

export const demoCatalogue: readonly (CatalogueItem & { priceYuan: string })[] = [
  { code: 'rice-5kg', name: '大米 5kg', scale: 0, priceYuan: '45.00' },
  { code: 'oil-1l', name: '食用油 1L', scale: 0, priceYuan: '18.00' },
  { code: 'milk-box', name: '牛奶 (箱)', scale: 0, priceYuan: '60.00' },
  { code: 'flour-kg', name: '面粉 (kg)', scale: 3, priceYuan: '6.00' },
  { code: 'winter-coat', name: '冬衣', scale: 0, priceYuan: '120.00' },
];

/** A small deterministic generator, so the demo is the same on every machine. */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface DemoPeople {
  /** Volunteer members: ledger member ids and display names. */
  members: readonly { id: string; name: string }[];
  /** Pseudonymous household codes. */
  households: readonly string[];
  /** The user id recorded as actor for coordinator and staff work. */
  coordinator: string;
  staff: string;
}

/**
 * Opens the demo community's books and writes about three months of history before `now`.
 * Every id is fixed, so running it twice changes nothing.
 */
export async function seedDemoHistory(ledger: Ledger, community: string, people: DemoPeople, now: Date): Promise<{ transactions: number }> {
  const random = sequence(20261126);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const day = (daysAgo: number, hour = 10): string =>
    new Date(now.getTime() - daysAgo * 86_400_000 + (hour - 10) * 3_600_000).toISOString();

  await openCommunityBooks(ledger, community);
  for (const member of people.members) await openMemberAccount(ledger, community, member.id);
  for (const household of people.households) await openHouseholdAccount(ledger, community, household);
  for (const item of demoCatalogue) await openCatalogueItem(ledger, community, demoStore, item);
  await openFund(ledger, community, demoFund, '助老慈善基金 Elderly care fund');
  await openProject(ledger, community, demoFund, 'meal-delivery', '助餐送餐项目 Meal delivery');

  let count = 0;
  const services = [
    '助老陪护 elderly companionship',
    '代买代办 errands',
    '家电维修 appliance repair',
    '医疗陪诊 medical escort',
    '心理疏导 counselling',
  ];
  for (let daysAgo = 90; daysAgo >= 1; daysAgo -= 1) {
    if (daysAgo % 2 === 0) {
      const volunteer = pick(people.members);
      const hours = pick(['1.00', '1.50', '2.00', '2.50', '3.00']);
      await ledger.post(
        serviceCredit({
          community,
          id: `demo/service/${daysAgo}`,
          actor: people.coordinator,
          volunteer: volunteer.id,
          payer: 'issuance',
          hours,
          memo: pick(services),
          effectiveAt: day(daysAgo, 9),
        }),
      );
      count += 1;
    }
    if (daysAgo % 7 === 3) {
      const item = pick(demoCatalogue);
      const quantity = item.scale === 3 ? '12.500' : String(2 + Math.floor(random() * 10));
      const value = new AmountDecimal(item.priceYuan).times(quantity).toFixed(2);
      await ledger.post(
        donationInKind({
          community,
          id: `demo/donation/${daysAgo}`,
          actor: people.staff,
          store: demoStore,
          item: item.code,
          quantity,
          donor: `D-${100 + daysAgo}`,
          fairValue: value,
          valuationMethod: 'catalogue_price',
          effectiveAt: day(daysAgo, 11),
        }),
      );
      count += 1;
    }
    if (daysAgo % 30 === 0) {
      for (const household of people.households) {
        await ledger.post(
          pointsIssue({
            community,
            id: `demo/points/${daysAgo}/${household}`,
            actor: people.coordinator,
            household,
            points: '100',
            reason: 'monthly_allowance',
          }),
        );
        count += 1;
      }
    }
    if (daysAgo % 9 === 4) {
      await ledger.post(
        cashDonation({
          community,
          id: `demo/cash/${daysAgo}`,
          actor: people.staff,
          fund: demoFund,
          amount: pick(['200.00', '500.00', '1000.00']),
          donor: `D-${200 + daysAgo}`,
          method: pick(['wechat_pay', 'alipay', 'cash', 'bank_transfer'] as const),
          effectiveAt: day(daysAgo, 15),
        }),
      );
      count += 1;
    }
  }
  // Handouts and one gift, after stock and points are in.
  for (const [index, household] of people.households.entries()) {
    const item = demoCatalogue[index % 2] as CatalogueItem;
    const stock = await ledger.balance(community, books.accountIds.stock(demoStore, item.code));
    if (stock !== undefined && new AmountDecimal(stock.balance).greaterThanOrEqualTo(1)) {
      await ledger.post(
        distribution({
          community,
          id: `demo/handout/${household}`,
          actor: people.staff,
          store: demoStore,
          household,
          items: [{ item: item.code, quantity: '1' }],
          points: '30',
        }),
      );
      count += 1;
    }
  }
  const [first, second] = people.members;
  if (first !== undefined && second !== undefined) {
    await ledger.post(
      hourGift({
        community,
        id: 'demo/gift/1',
        actor: first.id,
        from: first.id,
        to: { member: second.id },
        hours: '0.50',
        memo: '给父母 for my parents',
      }),
    );
    await ledger.post(
      hourGift({ community, id: 'demo/gift/2', actor: second.id, from: second.id, to: 'pool', hours: '0.50', memo: '捐给公益时间池' }),
    );
    count += 2;
  }
  const fund = await ledger.balance(community, books.accountIds.fund(demoFund));
  if (fund !== undefined && new AmountDecimal(fund.balance).greaterThanOrEqualTo(300)) {
    await ledger.post(
      fundSpending({
        community,
        id: 'demo/spend/1',
        actor: people.coordinator,
        fund: demoFund,
        project: 'meal-delivery',
        amount: '300.00',
        kind: 'fund_spending',
        memo: '十一月助餐 November meals',
      }),
    );
    count += 1;
  }
  const rice = await ledger.balance(community, books.accountIds.stock(demoStore, 'rice-5kg'));
  if (rice !== undefined && new AmountDecimal(rice.balance).greaterThanOrEqualTo(1)) {
    await ledger.post(
      stockVariance({
        community,
        id: 'demo/variance/1',
        actor: people.staff,
        store: demoStore,
        item: 'rice-5kg',
        difference: '-1',
        reason: 'damaged',
        countId: 'demo-count-1',
        memo: '包装破损 torn bag',
      }),
    );
    count += 1;
  }
  return { transactions: count };
}
