// GET /api/v1/stores/:store/stock: stock on hand per item, from the ledger's stock accounts.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { pageLimit, pageSizeDefault } from '../validation.js';
import { storeStock } from '../workflows/store-stock.js';
import { pageOf } from './shared-schemas.js';
import { itemCode, slugCode, supermarketReaders } from './supermarket-schemas.js';

export const storesStockGet = defineRoute({
  operationId: 'storesStockGet',
  method: 'get',
  path: '/api/v1/stores/:store/stock',
  summary: 'Stock on hand in a store, by item',
  tag: 'supermarket',
  access: supermarketReaders,
  request: { params: z.strictObject({ store: slugCode }), query: z.strictObject({ limit: pageLimit.optional(), after: itemCode.optional() }) },
  response: {
    status: 200,
    description: 'a page of items with their quantity on hand',
    schema: pageOf(z.strictObject({ item: z.string(), name: z.string(), scale: z.number().int(), quantity: z.string() })),
  },
  handler: ({ deps, principal, params, query }) => storeStock(deps, principal, params.store, { limit: query.limit ?? pageSizeDefault, after: query.after }),
});
