// The authorization-matrix rows of the supermarket, fund and import routes (see role-matrix.test.ts).
import type { Principal } from '../../src/auth/roles.js';
import type { MatrixRow, Target } from '../test-support/matrix-row.js';
import { otherCommunity, type TestApp } from '../test-support/test-app.js';
import { createCatalogueItem, createStore } from '../../src/workflows/catalogue.js';
import { donateInKind } from '../../src/workflows/donations.js';
import { createFund } from '../../src/workflows/funds.js';
import { confirmStockCount, recordStockCount } from '../../src/workflows/stock-counts.js';
import { assignStoreStaff } from '../../src/workflows/store-staff.js';
import { supermarketReaders, supermarketWorkers, managers } from '@linli/contract';

const ownStore = 'xianlin-market';
const otherStore = 'gulou-market';
const otherFund = 'gulou-fund';
/** A second own store the demo staff user is assigned to, for the row that removes them from it. */
const secondStore = 'matrix-second-store';
/** An item without redemption rules (free, no quota), stocked generously, so every allowed role can hand one out. */
const freeItem = 'matrix-soap';

interface Fixtures {
  otherHousehold: string;
  ownDonation: string;
  otherDonation: string;
  otherCount: string;
}

const fixtures = new WeakMap<TestApp, Promise<Fixtures>>();
let serialKey = 0;

function principal(app: TestApp, community: string): Principal {
  const userId = community === otherCommunity ? app.otherUsers.get('admin') : app.demoUsers.get('admin');
  if (userId === undefined) throw new Error('seeded admin missing');
  return { userId, role: 'admin', community, tokenId: 'matrix' };
}

function staffOf(app: TestApp, community: string): string {
  const userId = community === otherCommunity ? app.otherUsers.get('staff') : app.demoUsers.get('staff');
  if (userId === undefined) throw new Error('seeded staff missing');
  return userId;
}

/** Per test app: an own item in stock and donation, and another community's store, fund, donation and count. */
function fixturesOf(app: TestApp): Promise<Fixtures> {
  let promise = fixtures.get(app);
  if (promise === undefined) {
    promise = (async () => {
      const own = principal(app, 'xianlin');
      const other = principal(app, otherCommunity);
      await createCatalogueItem(app.deps, own, { code: freeItem, name: '肥皂', scale: 0, unitPrice: '3.00' });
      const donation = await donateInKind(
        app.deps,
        own,
        { store: ownStore, donor: { anonymous: true }, items: [{ item: freeItem, quantity: '100' }], valuationMethod: 'catalogue_price' },
        'matrix-own-donation',
      );
      await createStore(app.deps, other, { id: otherStore, name: '鼓楼超市' });
      await createCatalogueItem(app.deps, other, { code: 'rice-5kg', name: '大米 5kg', scale: 0, unitPrice: '45.00' });
      await createFund(app.deps, other, { code: otherFund, name: '鼓楼基金', projects: [{ code: 'meals', name: '助餐' }] });
      const otherDonation = await donateInKind(
        app.deps,
        other,
        { store: otherStore, donor: { anonymous: true }, items: [{ item: 'rice-5kg', quantity: '3' }], valuationMethod: 'catalogue_price' },
        'matrix-other-donation',
      );
      const count = await recordStockCount(
        app.deps,
        other,
        { store: otherStore, lines: [{ item: 'rice-5kg', counted: '3' }] },
        'matrix-other-count',
      );
      await createStore(app.deps, own, { id: secondStore, name: '矩阵二号店' });
      await assignStoreStaff(app.deps.knex, 'xianlin', staffOf(app, 'xianlin'), secondStore);
      const household = (await app.deps.knex('households').select('code').where({ community_id: otherCommunity }).first()) as {
        code: string;
      };
      return { otherHousehold: household.code, ownDonation: donation.id, otherDonation: otherDonation.id, otherCount: count.id };
    })();
    fixtures.set(app, promise);
  }
  return promise;
}

/** A fresh own count (each allowed role moves one along), counted or confirmed. */
async function ownCount(app: TestApp, confirmed: boolean): Promise<string> {
  const own = principal(app, 'xianlin');
  serialKey += 1;
  const count = await recordStockCount(
    app.deps,
    own,
    { store: ownStore, lines: [{ item: freeItem, counted: '0' }] },
    `matrix-count-${serialKey}`,
  );
  // The book may say more than 0, so the line may differ: give it a reason.
  if (confirmed)
    await confirmStockCount(
      app.deps,
      own,
      count.id,
      count.lines.some((line) => line.difference !== '0') ? [{ item: freeItem, reason: 'miscounted' }] : [],
    );
  return count.id;
}

const pick = (target: Target, own: string, other: string): string => (target === 'own' ? own : other);

export const supermarketMatrix: readonly MatrixRow[] = [
  {
    operationId: 'storesList',
    allowed: supermarketReaders,
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/stores' }),
  },
  {
    operationId: 'storesCreate',
    allowed: ['admin'],
    success: 201,
    named: false,
    request: (_app, _target, serial) => ({
      method: 'post',
      path: '/api/v1/stores',
      body: { id: `matrix-store-${serial}`, name: '矩阵超市' },
    }),
  },
  {
    operationId: 'storesStockGet',
    allowed: supermarketReaders,
    success: 200,
    named: true,
    request: async (app, target) => {
      await fixturesOf(app);
      return { method: 'get', path: `/api/v1/stores/${pick(target, ownStore, otherStore)}/stock` };
    },
  },
  {
    operationId: 'storesStaffList',
    allowed: managers,
    success: 200,
    named: true,
    request: async (app, target) => {
      await fixturesOf(app);
      return { method: 'get', path: `/api/v1/stores/${pick(target, ownStore, otherStore)}/staff` };
    },
  },
  {
    operationId: 'storesStaffAssign',
    allowed: ['admin'],
    success: 200,
    named: true,
    request: async (app, target) => {
      await fixturesOf(app);
      const community = target === 'own' ? 'xianlin' : otherCommunity;
      return {
        method: 'post',
        path: `/api/v1/stores/${pick(target, ownStore, otherStore)}/staff`,
        body: { userId: staffOf(app, community) },
      };
    },
  },
  {
    operationId: 'storesStaffUnassign',
    allowed: ['admin'],
    success: 204,
    named: true,
    request: async (app, target) => {
      await fixturesOf(app);
      const community = target === 'own' ? 'xianlin' : otherCommunity;
      return { method: 'delete', path: `/api/v1/stores/${pick(target, secondStore, otherStore)}/staff/${staffOf(app, community)}` };
    },
  },
  {
    operationId: 'catalogueItemsList',
    allowed: supermarketReaders,
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: `/api/v1/catalogue/items?q=${encodeURIComponent('米')}` }),
  },
  {
    operationId: 'catalogueItemsCreate',
    allowed: ['admin'],
    success: 201,
    named: false,
    request: (_app, _target, serial) => ({
      method: 'post',
      path: '/api/v1/catalogue/items',
      body: { code: `matrix-item-${serial}`, name: '矩阵物品', scale: 0, unitPrice: '1.00' },
    }),
  },
  {
    operationId: 'donationsInKindCreate',
    allowed: supermarketWorkers,
    success: 201,
    named: true,
    request: async (app, target) => {
      await fixturesOf(app);
      return {
        method: 'post',
        path: '/api/v1/donations/in-kind',
        body: {
          store: pick(target, ownStore, otherStore),
          donor: { anonymous: true },
          items: [{ item: 'rice-5kg', quantity: '1' }],
          valuationMethod: 'catalogue_price',
        },
      };
    },
  },
  {
    operationId: 'donationsCashCreate',
    allowed: supermarketWorkers,
    success: 201,
    named: true,
    request: async (app, target) => {
      await fixturesOf(app);
      return {
        method: 'post',
        path: '/api/v1/donations/cash',
        body: { fund: pick(target, 'elderly-care', otherFund), amount: '10.00', donor: { anonymous: true }, method: 'cash' },
      };
    },
  },
  {
    operationId: 'donationsReceiptGet',
    allowed: supermarketReaders,
    success: 200,
    named: true,
    request: async (app, target) => {
      const { ownDonation, otherDonation } = await fixturesOf(app);
      return { method: 'get', path: `/api/v1/donations/${pick(target, ownDonation, otherDonation)}/receipt` };
    },
  },
  {
    operationId: 'householdsPointsCreate',
    allowed: managers,
    success: 201,
    named: true,
    request: async (app, target) => {
      const { otherHousehold } = await fixturesOf(app);
      return {
        method: 'post',
        path: `/api/v1/households/${pick(target, app.demoHouseholds[0] ?? '', otherHousehold)}/points`,
        body: { points: '10', reason: 'matrix_test' },
      };
    },
  },
  {
    operationId: 'householdsSupermarketGet',
    allowed: supermarketReaders,
    success: 200,
    named: true,
    request: async (app, target) => {
      const { otherHousehold } = await fixturesOf(app);
      return { method: 'get', path: `/api/v1/households/${pick(target, app.demoHouseholds[0] ?? '', otherHousehold)}/supermarket` };
    },
  },
  {
    operationId: 'distributionsCreate',
    allowed: supermarketWorkers,
    success: 201,
    named: true,
    request: async (app, target) => {
      const { otherHousehold } = await fixturesOf(app);
      const body =
        target === 'own'
          ? { store: ownStore, household: app.demoHouseholds[2], items: [{ item: freeItem, quantity: '1' }] }
          : { store: otherStore, household: otherHousehold, items: [{ item: 'rice-5kg', quantity: '1' }] };
      return { method: 'post', path: '/api/v1/distributions', body };
    },
  },
  {
    operationId: 'redemptionRulesGet',
    allowed: ['admin'],
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/admin/redemption-rules' }),
  },
  {
    operationId: 'redemptionRulesPut',
    allowed: ['admin'],
    success: 200,
    named: false,
    request: () => ({
      method: 'put',
      path: '/api/v1/admin/redemption-rules',
      body: {
        items: [{ item: 'rice-5kg', pointsPerUnit: '30', monthlyQuota: '2' }],
        hours: { enabled: true, minBankedHours: '20.00', maxShare: '0.30', pointsPerHour: '10' },
      },
    }),
  },
  {
    operationId: 'stockCountsCreate',
    allowed: supermarketWorkers,
    success: 201,
    named: true,
    request: async (app, target) => {
      await fixturesOf(app);
      return {
        method: 'post',
        path: '/api/v1/stock-counts',
        body: { store: pick(target, ownStore, otherStore), lines: [{ item: 'rice-5kg', counted: '1' }] },
      };
    },
  },
  {
    operationId: 'stockCountsGet',
    allowed: supermarketReaders,
    success: 200,
    named: true,
    request: async (app, target) => {
      const { otherCount } = await fixturesOf(app);
      return { method: 'get', path: `/api/v1/stock-counts/${target === 'own' ? await ownCount(app, false) : otherCount}` };
    },
  },
  {
    operationId: 'stockCountsConfirm',
    allowed: supermarketWorkers,
    success: 200,
    named: true,
    request: async (app, target) => {
      const { otherCount } = await fixturesOf(app);
      const id = target === 'own' ? await ownCount(app, false) : otherCount;
      const count =
        target === 'own'
          ? await app.deps
              .knex('stock_count_lines')
              .select('difference')
              .where({ community_id: 'xianlin', count_id: id })
              .first<{ difference: string }>()
          : undefined;
      const reasons = count !== undefined && Number(count.difference) !== 0 ? [{ item: freeItem, reason: 'miscounted' }] : [];
      return { method: 'post', path: `/api/v1/stock-counts/${id}/confirm`, body: { reasons } };
    },
  },
  {
    operationId: 'stockCountsFinalize',
    allowed: ['admin'],
    success: 200,
    named: true,
    request: async (app, target) => {
      const { otherCount } = await fixturesOf(app);
      return { method: 'post', path: `/api/v1/stock-counts/${target === 'own' ? await ownCount(app, true) : otherCount}/finalize` };
    },
  },
  {
    operationId: 'fundsList',
    allowed: supermarketReaders,
    success: 200,
    named: false,
    request: () => ({ method: 'get', path: '/api/v1/funds' }),
  },
  {
    operationId: 'fundsCreate',
    allowed: ['admin'],
    success: 201,
    named: false,
    request: (_app, _target, serial) => ({
      method: 'post',
      path: '/api/v1/funds',
      body: { code: `matrix-fund-${serial}`, name: '矩阵基金', projects: [{ code: 'meals', name: '助餐' }] },
    }),
  },
  ...(['grants', 'spending'] as const).map(
    (kind): MatrixRow => ({
      operationId: kind === 'grants' ? 'fundGrantsCreate' : 'fundSpendingCreate',
      allowed: managers,
      success: 201,
      named: true,
      request: async (app, target) => {
        await fixturesOf(app);
        return {
          method: 'post',
          path: `/api/v1/funds/${pick(target, 'elderly-care', otherFund)}/${kind}`,
          body: { project: target === 'own' ? 'meal-delivery' : 'meals', amount: '1.00' },
        };
      },
    }),
  ),
  ...(
    [
      ['importsMembersCreate', 'members', managers, 'username,displayName\nmatrix-import,导入\n'],
      ['importsHouseholdsCreate', 'households', managers, 'name,address\n导入户,仙林社区 9栋\n'],
      ['importsItemsCreate', 'items', ['admin'], 'code,name,scale,unitPrice\nmatrix-import,导入物品,0,1.00\n'],
      ['importsOpeningBalancesCreate', 'opening-balances', ['admin'], 'type,owner,item,amount\nstock,xianlin-market,rice-5kg,1\n'],
    ] as const
  ).map(
    ([operationId, kind, allowed, csv]): MatrixRow => ({
      operationId,
      allowed,
      success: 200,
      named: false,
      request: () => ({ method: 'post', path: `/api/v1/imports/${kind}?dryRun=true`, body: { csv } }),
    }),
  ),
];
