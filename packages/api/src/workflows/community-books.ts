// Opens the accounts a community's books need: the standard ones, and those of each member, household, item and fund.
import { books, type Ledger } from '@linli/ledger';

const { accountIds } = books;

/** Hours a member may spend before having banked them (time banks allow a small overdraft). */
export const memberOverdraftHoursDefault = '-10.00';

/** The community-wide accounts: hour issuance and pool, point issuance and redemption. Idempotent. */
export async function openCommunityBooks(ledger: Ledger, community: string): Promise<void> {
  await ledger.openAccount({ community, id: accountIds.hourIssuance, unit: 'HOUR', name: '时间银行发行 Hours issued', lowerLimit: null });
  await ledger.openAccount({ community, id: accountIds.hourPool, unit: 'HOUR', name: '公益时间池 Hour pool' });
  await ledger.openAccount({
    community,
    id: accountIds.pointIssuance,
    unit: 'POINT',
    name: '爱心积分发行 Points issued',
    lowerLimit: null,
  });
  await ledger.openAccount({ community, id: accountIds.pointsRedeemed, unit: 'POINT', name: '已兑换积分 Points redeemed' });
}

/**
 * A member's hour account, named by the member's user id only (`时间账户 u-7q3k9x2m`): the ledger
 * and everything read from it (statements, journal exports, auditors' views) hold pseudonymous
 * ids, never a person's name (DESIGN.md, "Security and privacy"). Screens that may show the
 * member's name read it from `users`. Usernames are not used either: people choose them, often
 * from their own name (`zhangxiaoming`).
 */
export function memberAccountName(member: string): string {
  return `时间账户 ${member}`;
}

export async function openMemberAccount(
  ledger: Ledger,
  community: string,
  member: string,
  options: { overdraft?: string } = {},
): Promise<void> {
  await ledger.openAccount({
    community,
    id: accountIds.memberHours(member),
    unit: 'HOUR',
    name: memberAccountName(member),
    ownerRef: member,
    lowerLimit: options.overdraft ?? memberOverdraftHoursDefault,
  });
}

/** A household's points account, named by its pseudonymous code only: no personal data enters the ledger. */
export async function openHouseholdAccount(ledger: Ledger, community: string, household: string): Promise<void> {
  await ledger.openAccount({
    community,
    id: accountIds.householdPoints(household),
    unit: 'POINT',
    name: `${household} 积分`,
    ownerRef: household,
  });
}

export interface CatalogueItem {
  /** Lower-case code: `rice-5kg`. */
  code: string;
  name: string;
  /** 0 for pieces, 3 for goods counted by the kilogram. */
  scale: 0 | 3;
}

/** Defines the item's unit and opens its stock, in-kind income, distributed and variance accounts for a store. */
export async function openCatalogueItem(ledger: Ledger, community: string, store: string, item: CatalogueItem): Promise<void> {
  const unit = `ITEM:${item.code}`;
  await ledger.defineUnit(community, { code: unit, scale: item.scale, name: item.name });
  await ledger.openAccount({ community, id: accountIds.stock(store, item.code), unit, name: `${item.name} 库存`, ownerRef: store });
  await ledger.openAccount({ community, id: accountIds.inKindIncome(item.code), unit, name: `${item.name} 捐赠`, lowerLimit: null });
  await ledger.openAccount({ community, id: accountIds.distributed(item.code), unit, name: `${item.name} 已发放` });
  await ledger.openAccount({
    community,
    id: accountIds.stockVariance(store, item.code),
    unit,
    name: `${item.name} 盘点差异`,
    lowerLimit: null,
  });
}

/** A restricted charity fund (社区慈善基金) and its cash income account. */
export async function openFund(ledger: Ledger, community: string, fund: string, name: string): Promise<void> {
  await ledger.openAccount({ community, id: accountIds.fund(fund), unit: 'CNY', name });
  await ledger.openAccount({ community, id: accountIds.cashIncome(fund), unit: 'CNY', name: `${name} 捐款`, lowerLimit: null });
}

export async function openProject(ledger: Ledger, community: string, fund: string, project: string, name: string): Promise<void> {
  await ledger.openAccount({ community, id: accountIds.projectSpending(fund, project), unit: 'CNY', name });
}
