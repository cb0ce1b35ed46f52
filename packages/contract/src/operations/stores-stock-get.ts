// The contract of GET /api/v1/stores/:store/stock: what it takes and what it answers.
import { z } from 'zod';
import { pageOf } from '../common.js';
import { itemCode, slugCode } from '../supermarket.js';
import { pageLimit } from '../values.js';

export const storesStockGet = {
  method: 'get',
  path: '/api/v1/stores/:store/stock',
  request: {
    params: z.strictObject({ store: slugCode }),
    query: z.strictObject({ limit: pageLimit.optional(), after: itemCode.optional() }),
  },
  response: {
    status: 200,
    description: 'a page of items with their quantity on hand',
    schema: pageOf(z.strictObject({ item: z.string(), name: z.string(), scale: z.number().int(), quantity: z.string() })),
  },
} as const;
