// GET /api/v1/stores: the community's stores (a handful; at most `storesPerCommunityMax`).
import { storesList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { listStores } from '../workflows/catalogue.js';
import { supermarketReaders } from '@linli/contract';

export const storesList = defineRoute({
  operationId: 'storesList',
  method: contract.method,
  path: contract.path,
  summary: 'The community’s stores',
  tag: 'supermarket',
  access: supermarketReaders,
  response: contract.response,
  handler: async ({ deps, principal }) => ({ items: await listStores(deps.knex, principal.community) }),
});
