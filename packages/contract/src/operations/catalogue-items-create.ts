// The contract of POST /api/v1/catalogue/items: what it takes and what it answers.
import { z } from 'zod';
import { catalogueItemView, itemCode, yuan } from '../supermarket.js';
import { text } from '../values.js';

export const catalogueItemsCreate = {
  method: 'post',
  path: '/api/v1/catalogue/items',
  request: {
    body: z.strictObject({
      code: itemCode,
      name: text(100),
      scale: z.union([z.literal(0), z.literal(3)]).describe('0 for pieces, 3 for goods weighed in kilograms'),
      unitPrice: yuan,
      barcode: z
        .string()
        .regex(/^[0-9]{8,14}$/, '8 to 14 digits (EAN/UPC)')
        .optional(),
    }),
  },
  response: { status: 201, description: 'the item', schema: catalogueItemView },
} as const;
