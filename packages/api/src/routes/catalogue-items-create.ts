// POST /api/v1/catalogue/items: add an item; its ledger unit and accounts open in every store.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { text } from '../validation.js';
import { createCatalogueItem } from '../workflows/catalogue.js';
import { catalogueItemView, itemCode, yuan } from './supermarket-schemas.js';

export const catalogueItemsCreate = defineRoute({
  operationId: 'catalogueItemsCreate',
  method: 'post',
  path: '/api/v1/catalogue/items',
  summary: 'Add a catalogue item (audited)',
  tag: 'supermarket',
  access: ['admin'],
  idempotent: true,
  request: {
    body: z.strictObject({
      code: itemCode,
      name: text(100),
      scale: z.union([z.literal(0), z.literal(3)]).describe('0 for pieces, 3 for goods weighed in kilograms'),
      unitPrice: yuan,
      barcode: z.string().regex(/^[0-9]{8,14}$/, '8 to 14 digits (EAN/UPC)').optional(),
    }),
  },
  response: { status: 201, description: 'the item', schema: catalogueItemView },
  handler: ({ deps, principal, body }) => createCatalogueItem(deps, principal, body),
});
