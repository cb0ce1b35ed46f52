// The supermarket routes (stores, catalogue, donations, points, distributions, redemption rules,
// stock counts), the fund routes and the imports, mounted after the service's own (see index.ts).
import type { Route } from '../routing.js';
import { catalogueItemsCreate } from './catalogue-items-create.js';
import { catalogueItemsList } from './catalogue-items-list.js';
import { distributionsCreate } from './distributions-create.js';
import { donationsCashCreate } from './donations-cash-create.js';
import { donationsInKindCreate } from './donations-in-kind-create.js';
import { donationsReceiptGet } from './donations-receipt-get.js';
import { fundGrantsCreate } from './fund-grants-create.js';
import { fundSpendingCreate } from './fund-spending-create.js';
import { fundsCreate } from './funds-create.js';
import { fundsList } from './funds-list.js';
import { householdsPointsCreate } from './households-points-create.js';
import { householdsSupermarketGet } from './households-supermarket-get.js';
import { importsHouseholds, importsItems, importsMembers, importsOpeningBalances } from './imports-create.js';
import { redemptionRulesGet } from './redemption-rules-get.js';
import { redemptionRulesPut } from './redemption-rules-put.js';
import { stockCountsConfirm } from './stock-counts-confirm.js';
import { stockCountsCreate } from './stock-counts-create.js';
import { stockCountsFinalize } from './stock-counts-finalize.js';
import { stockCountsGet } from './stock-counts-get.js';
import { storesCreate } from './stores-create.js';
import { storesList } from './stores-list.js';
import { storesStaffAssign } from './stores-staff-assign.js';
import { storesStaffList } from './stores-staff-list.js';
import { storesStaffUnassign } from './stores-staff-unassign.js';
import { storesStockGet } from './stores-stock-get.js';

export const supermarketRoutes: readonly Route[] = [
  storesList,
  storesCreate,
  storesStockGet,
  storesStaffList,
  storesStaffAssign,
  storesStaffUnassign,
  catalogueItemsList,
  catalogueItemsCreate,
  donationsInKindCreate,
  donationsCashCreate,
  donationsReceiptGet,
  householdsPointsCreate,
  householdsSupermarketGet,
  distributionsCreate,
  redemptionRulesGet,
  redemptionRulesPut,
  stockCountsCreate,
  stockCountsGet,
  stockCountsConfirm,
  stockCountsFinalize,
  fundsList,
  fundsCreate,
  fundGrantsCreate,
  fundSpendingCreate,
  importsMembers,
  importsHouseholds,
  importsItems,
  importsOpeningBalances,
];
