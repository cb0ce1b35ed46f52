// The contract of GET /api/v1/catalogue/items: what it takes and what it answers.
import { z } from 'zod';
import { pageOf } from '../common.js';
import { catalogueItemView, itemCode } from '../supermarket.js';
import { pageLimit, text } from '../values.js';

export const catalogueItemsList = {
  method: 'get',
  path: '/api/v1/catalogue/items',
  request: { query: z.strictObject({ q: text(50).optional(), limit: pageLimit.optional(), after: itemCode.optional() }) },
  response: { status: 200, description: 'a page of items', schema: pageOf(catalogueItemView) },
} as const;
