// GET /api/v1/catalogue/items?q=: type-ahead by name, code or barcode, or the catalogue by code.
import { catalogueItemsList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';
import { catalogueSearchMax, searchCatalogue } from '../workflows/catalogue.js';
import { supermarketReaders } from '@linli/contract';

export const catalogueItemsList = defineRoute({
  operationId: 'catalogueItemsList',
  method: contract.method,
  path: contract.path,
  summary: 'Search the catalogue (type-ahead) or list it by code',
  tag: 'supermarket',
  access: supermarketReaders,
  request: contract.request,
  response: contract.response,
  // A search answers at most `catalogueSearchMax` items: it is for a type-ahead, not for paging.
  handler: ({ deps, principal, query }) =>
    searchCatalogue(deps.knex, principal.community, {
      q: query.q,
      after: query.after,
      limit: query.q === undefined ? (query.limit ?? pageSizeDefault) : Math.min(query.limit ?? catalogueSearchMax, catalogueSearchMax),
    }),
});
