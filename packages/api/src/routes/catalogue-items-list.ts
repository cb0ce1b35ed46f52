// GET /api/v1/catalogue/items?q=: type-ahead by name, code or barcode, or the catalogue by code.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { pageLimit, pageSizeDefault, text } from '../validation.js';
import { catalogueSearchMax, searchCatalogue } from '../workflows/catalogue.js';
import { pageOf } from './shared-schemas.js';
import { catalogueItemView, itemCode, supermarketReaders } from './supermarket-schemas.js';

export const catalogueItemsList = defineRoute({
  operationId: 'catalogueItemsList',
  method: 'get',
  path: '/api/v1/catalogue/items',
  summary: 'Search the catalogue (type-ahead) or list it by code',
  tag: 'supermarket',
  access: supermarketReaders,
  request: { query: z.strictObject({ q: text(50).optional(), limit: pageLimit.optional(), after: itemCode.optional() }) },
  response: { status: 200, description: 'a page of items', schema: pageOf(catalogueItemView) },
  // A search answers at most `catalogueSearchMax` items: it is for a type-ahead, not for paging.
  handler: ({ deps, principal, query }) =>
    searchCatalogue(deps.knex, principal.community, { q: query.q, after: query.after, limit: query.q === undefined ? (query.limit ?? pageSizeDefault) : Math.min(query.limit ?? catalogueSearchMax, catalogueSearchMax) }),
});
