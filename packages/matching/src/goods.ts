// Goods allocation: needs for items against stock (earliest expiry first) and donors' pledges,
// within each household's quota.
//
// Needs are served in order of urgency, then post time. Each item is taken from stock lots that
// are still good on the delivery date, the earliest expiry first (so less goes to waste), then
// from pledges, the earliest expected first. A pledge made for a charity project serves only that
// project's needs. Greedy by priority is the rule charities state and can explain; goods have no
// costs to trade off, so an optimiser would add nothing a family could understand.

import { assert, assertInteger } from './assert.js';
import { goodsEntriesMax, itemsPerGoodsNeedMax } from './limits.js';
import type { Urgency } from './model.js';
import { localDayOfDate } from './time.js';

export type GoodsRecipient =
  | { readonly kind: 'household'; readonly householdId: string }
  | { readonly kind: 'project'; readonly projectId: string };

export interface GoodsNeed {
  readonly id: string;
  readonly recipient: GoodsRecipient;
  /** Items in whole units (bags, boxes); every quantity is a positive integer. */
  readonly items: ReadonlyArray<{ readonly itemId: string; readonly quantity: number }>;
  readonly urgency: Urgency;
  readonly postedAtMs: number;
}

export interface StockLot {
  readonly lotId: string;
  readonly itemId: string;
  readonly quantity: number;
  /** Last day the goods may be handed out ("YYYY-MM-DD"), or null if they keep. */
  readonly expiresOn: string | null;
}

export interface Pledge {
  readonly pledgeId: string;
  readonly donorId: string;
  readonly itemId: string;
  readonly quantity: number;
  /** When the donor expects to hand the goods over ("YYYY-MM-DD"). */
  readonly expectedOn: string;
  readonly expiresOn: string | null;
  /** A pledge for one charity project serves only its needs; null serves anyone. */
  readonly projectId: string | null;
}

/** How much of an item a household may still receive in the current period. */
export interface HouseholdQuota {
  readonly householdId: string;
  readonly itemId: string;
  readonly quantityMax: number;
  readonly receivedQuantity: number;
}

export interface GoodsInput {
  readonly needs: readonly GoodsNeed[];
  readonly stock: readonly StockLot[];
  readonly pledges: readonly Pledge[];
  /** A household without a quota row for an item has no limit on it. */
  readonly quotas: readonly HouseholdQuota[];
  /** The delivery date: lots expiring before it are not used. */
  readonly onDate: string;
}

export interface GoodsAllocation {
  readonly needId: string;
  readonly itemId: string;
  readonly source: 'stock' | 'pledge';
  /** The lot or pledge id. */
  readonly sourceId: string;
  readonly quantity: number;
  readonly expiresOn: string | null;
}

/** An item a need did not fully get: how much the quota allowed and how much was found. */
export interface GoodsShortfall {
  readonly needId: string;
  readonly itemId: string;
  readonly requested: number;
  /** Requested, cut to the household's quota. */
  readonly allowed: number;
  readonly allocated: number;
  /** 'quota' when the quota cut the request, else 'supply'. */
  readonly reason: 'quota' | 'supply';
}

export interface GoodsResult {
  readonly allocations: GoodsAllocation[];
  readonly shortfalls: GoodsShortfall[];
}

interface Source {
  readonly kind: 'stock' | 'pledge';
  readonly id: string;
  readonly projectId: string | null;
  readonly expiresOn: string | null;
  readonly orderDay: number;
  readonly expiresDay: number;
  left: number;
}

/** Allocates goods; asserts quantities are positive integers and ids are unique. */
export function allocateGoods(input: GoodsInput): GoodsResult {
  assert(
    input.needs.length <= goodsEntriesMax &&
      input.stock.length <= goodsEntriesMax &&
      input.pledges.length <= goodsEntriesMax &&
      input.quotas.length <= goodsEntriesMax,
    `at most ${goodsEntriesMax} entries of each kind`,
  );
  const onDay = localDayOfDate(input.onDate);
  const sourcesByItem = new Map<string, Source[]>();
  const seen = new Set<string>();
  const addSource = (itemId: string, source: Source): void => {
    assert(!seen.has(`${source.kind}:${source.id}`), `duplicate ${source.kind} id ${source.id}`);
    seen.add(`${source.kind}:${source.id}`);
    assertInteger(source.left, 0, Number.MAX_SAFE_INTEGER, `${source.kind} ${source.id} quantity`);
    // A lot that expires before the delivery date is not handed out.
    if (source.expiresDay < onDay) return;
    const list = sourcesByItem.get(itemId) ?? [];
    list.push(source);
    sourcesByItem.set(itemId, list);
  };
  for (const lot of input.stock) {
    const expiresDay = lot.expiresOn === null ? Infinity : localDayOfDate(lot.expiresOn);
    addSource(lot.itemId, {
      kind: 'stock',
      id: lot.lotId,
      projectId: null,
      expiresOn: lot.expiresOn,
      orderDay: expiresDay,
      expiresDay,
      left: lot.quantity,
    });
  }
  for (const pledge of input.pledges) {
    const expectedDay = localDayOfDate(pledge.expectedOn);
    const expiresDay = pledge.expiresOn === null ? Infinity : localDayOfDate(pledge.expiresOn);
    // Goods that expire before the donor brings them are no use.
    if (expiresDay < expectedDay) continue;
    addSource(pledge.itemId, {
      kind: 'pledge',
      id: pledge.pledgeId,
      projectId: pledge.projectId,
      expiresOn: pledge.expiresOn,
      orderDay: expectedDay,
      expiresDay,
      left: pledge.quantity,
    });
  }
  // Stock before pledges; within stock the earliest expiry, within pledges the earliest expected.
  for (const list of sourcesByItem.values()) {
    list.sort(
      (a, b) =>
        (a.kind === b.kind ? 0 : a.kind === 'stock' ? -1 : 1) || a.orderDay - b.orderDay || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  }
  const quotaLeft = new Map<string, number>();
  for (const quota of input.quotas) {
    assertInteger(quota.quantityMax, 0, Number.MAX_SAFE_INTEGER, 'quota quantityMax');
    assertInteger(quota.receivedQuantity, 0, Number.MAX_SAFE_INTEGER, 'quota receivedQuantity');
    quotaLeft.set(`${quota.householdId}\u0000${quota.itemId}`, Math.max(0, quota.quantityMax - quota.receivedQuantity));
  }

  const needs = [...input.needs];
  needs.sort((a, b) => b.urgency - a.urgency || a.postedAtMs - b.postedAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const allocations: GoodsAllocation[] = [];
  const shortfalls: GoodsShortfall[] = [];
  const needIds = new Set<string>();
  for (const need of needs) {
    assert(!needIds.has(need.id), `duplicate goods need id ${need.id}`);
    needIds.add(need.id);
    assert(need.items.length <= itemsPerGoodsNeedMax, `goods need ${need.id} lists too many items`);
    for (const { itemId, quantity } of need.items) {
      assertInteger(quantity, 1, Number.MAX_SAFE_INTEGER, `goods need ${need.id} quantity`);
      const quotaKey = need.recipient.kind === 'household' ? `${need.recipient.householdId}\u0000${itemId}` : null;
      const quota = quotaKey === null ? undefined : quotaLeft.get(quotaKey);
      const allowed = quota === undefined ? quantity : Math.min(quantity, quota);
      let allocated = 0;
      for (const source of sourcesByItem.get(itemId) ?? []) {
        if (allocated === allowed) break;
        if (source.left === 0) continue;
        if (source.projectId !== null && (need.recipient.kind !== 'project' || need.recipient.projectId !== source.projectId)) continue;
        const take = Math.min(source.left, allowed - allocated);
        source.left -= take;
        allocated += take;
        allocations.push({
          needId: need.id,
          itemId,
          source: source.kind,
          sourceId: source.id,
          quantity: take,
          expiresOn: source.expiresOn,
        });
      }
      if (quotaKey !== null && quota !== undefined) quotaLeft.set(quotaKey, quota - allocated);
      if (allocated < quantity)
        shortfalls.push({
          needId: need.id,
          itemId,
          requested: quantity,
          allowed,
          allocated,
          reason: allowed < quantity ? 'quota' : 'supply',
        });
    }
  }
  return { allocations, shortfalls };
}
