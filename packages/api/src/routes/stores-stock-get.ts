// GET /api/v1/stores/:store/stock: stock on hand per item, from the ledger's stock accounts.
import { storesStockGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';
import { storeStock } from '../workflows/store-stock.js';
import { supermarketReaders } from '@linli/contract';

export const storesStockGet = defineRoute({
  operationId: 'storesStockGet',
  method: contract.method,
  path: contract.path,
  summary: 'Stock on hand in a store, by item',
  tag: 'supermarket',
  access: supermarketReaders,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, query }) =>
    storeStock(deps, principal, params.store, { limit: query.limit ?? pageSizeDefault, after: query.after }),
});
