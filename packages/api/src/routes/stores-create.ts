// POST /api/v1/stores: add a charity-supermarket store; every catalogue item gets its stock accounts there.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { createStore } from '../workflows/catalogue.js';
import { text } from '../validation.js';
import { slugCode, storeView } from './supermarket-schemas.js';

export const storesCreate = defineRoute({
  operationId: 'storesCreate',
  method: 'post',
  path: '/api/v1/stores',
  summary: 'Add a store (audited)',
  tag: 'supermarket',
  access: ['admin'],
  idempotent: true,
  request: { body: z.strictObject({ id: slugCode, name: text(100) }) },
  response: { status: 201, description: 'the store', schema: storeView },
  handler: ({ deps, principal, body }) => createStore(deps, principal, body),
});
