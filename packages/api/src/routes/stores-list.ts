// GET /api/v1/stores: the community's stores (a handful; at most `storesPerCommunityMax`).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { listStores } from '../workflows/catalogue.js';
import { storeView, supermarketReaders } from './supermarket-schemas.js';

export const storesList = defineRoute({
  operationId: 'storesList',
  method: 'get',
  path: '/api/v1/stores',
  summary: 'The community’s stores',
  tag: 'supermarket',
  access: supermarketReaders,
  response: { status: 200, description: 'every store', schema: z.strictObject({ items: z.array(storeView) }) },
  handler: async ({ deps, principal }) => ({ items: await listStores(deps.knex, principal.community) }),
});
