// POST /api/v1/catalogue/items: add an item; its ledger unit and accounts open in every store.
import { catalogueItemsCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { createCatalogueItem } from '../workflows/catalogue.js';

export const catalogueItemsCreate = defineRoute({
  operationId: 'catalogueItemsCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Add a catalogue item (audited)',
  tag: 'supermarket',
  access: ['admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body }) => createCatalogueItem(deps, principal, body),
});
