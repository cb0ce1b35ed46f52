// Goods go to needs by priority, from stock earliest expiry first, then pledges, within quotas.

import { describe, expect, it } from 'vitest';
import { allocateGoods, type GoodsInput, type GoodsNeed } from './goods.js';

const rice = (overrides: Partial<GoodsNeed> & { quantity?: number } = {}): GoodsNeed => ({
  id: 'g-1',
  recipient: { kind: 'household', householdId: 'h-1' },
  items: [{ itemId: '大米5kg', quantity: overrides.quantity ?? 2 }],
  urgency: 3,
  postedAtMs: 0,
  ...overrides,
});

const base: GoodsInput = {
  needs: [rice()],
  stock: [
    { lotId: 'lot-late', itemId: '大米5kg', quantity: 5, expiresOn: '2025-12-31' },
    { lotId: 'lot-soon', itemId: '大米5kg', quantity: 1, expiresOn: '2025-03-10' },
    { lotId: 'lot-gone', itemId: '大米5kg', quantity: 9, expiresOn: '2025-03-01' },
  ],
  pledges: [],
  quotas: [],
  onDate: '2025-03-03',
};

describe('allocateGoods', () => {
  it('takes the earliest expiry first and skips lots that expire before delivery', () => {
    const result = allocateGoods(base);
    expect(result.allocations.map((a) => [a.sourceId, a.quantity])).toEqual([
      ['lot-soon', 1],
      ['lot-late', 1],
    ]);
    expect(result.shortfalls).toEqual([]);
  });

  it('cuts a request to the household quota and says so', () => {
    const result = allocateGoods({
      ...base,
      needs: [rice({ quantity: 4 })],
      quotas: [{ householdId: 'h-1', itemId: '大米5kg', quantityMax: 3, receivedQuantity: 1 }],
    });
    expect(result.allocations.reduce((sum, a) => sum + a.quantity, 0)).toBe(2);
    expect(result.shortfalls).toEqual([{ needId: 'g-1', itemId: '大米5kg', requested: 4, allowed: 2, allocated: 2, reason: 'quota' }]);
  });

  it('counts a quota across the needs of one household', () => {
    const result = allocateGoods({
      ...base,
      needs: [rice({ id: 'g-1' }), rice({ id: 'g-2', postedAtMs: 1 })],
      quotas: [{ householdId: 'h-1', itemId: '大米5kg', quantityMax: 3, receivedQuantity: 0 }],
    });
    expect(result.shortfalls).toEqual([{ needId: 'g-2', itemId: '大米5kg', requested: 2, allowed: 1, allocated: 1, reason: 'quota' }]);
  });

  it('serves more urgent needs first, then stock runs out and pledges follow, a project pledge only for its project', () => {
    const result = allocateGoods({
      ...base,
      needs: [
        rice({ id: 'g-calm', urgency: 1, quantity: 3, recipient: { kind: 'household', householdId: 'h-2' } }),
        rice({ id: 'g-urgent', urgency: 5, quantity: 6 }),
        rice({ id: 'g-project', urgency: 2, quantity: 2, recipient: { kind: 'project', projectId: 'p-school' } }),
      ],
      pledges: [
        {
          pledgeId: 'pl-school',
          donorId: 'd-1',
          itemId: '大米5kg',
          quantity: 2,
          expectedOn: '2025-03-04',
          expiresOn: null,
          projectId: 'p-school',
        },
        { pledgeId: 'pl-open', donorId: 'd-2', itemId: '大米5kg', quantity: 1, expectedOn: '2025-03-05', expiresOn: null, projectId: null },
        {
          pledgeId: 'pl-stale',
          donorId: 'd-3',
          itemId: '大米5kg',
          quantity: 9,
          expectedOn: '2025-03-20',
          expiresOn: '2025-03-15',
          projectId: null,
        },
      ],
    });
    const byNeed = (id: string): string[] =>
      result.allocations.filter((a) => a.needId === id).map((a) => `${a.source}:${a.sourceId}:${a.quantity}`);
    expect(byNeed('g-urgent')).toEqual(['stock:lot-soon:1', 'stock:lot-late:5']);
    expect(byNeed('g-project')).toEqual(['pledge:pl-school:2']);
    expect(byNeed('g-calm')).toEqual(['pledge:pl-open:1']);
    expect(result.shortfalls).toEqual([{ needId: 'g-calm', itemId: '大米5kg', requested: 3, allowed: 3, allocated: 1, reason: 'supply' }]);
  });

  it('never hands out more than a lot holds', () => {
    const result = allocateGoods({
      ...base,
      needs: Array.from({ length: 10 }, (_, index) =>
        rice({ id: `g-${index}`, recipient: { kind: 'household', householdId: `h-${index}` } }),
      ),
    });
    const given = new Map<string, number>();
    for (const a of result.allocations) given.set(a.sourceId, (given.get(a.sourceId) ?? 0) + a.quantity);
    expect(Object.fromEntries(given)).toEqual({ 'lot-soon': 1, 'lot-late': 5 });
  });
});
