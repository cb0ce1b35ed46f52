// GET /api/v1/stores/:store/staff: who works in a store (at most `staffPerStoreMax`).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { listStoreStaff } from '../workflows/store-staff.js';
import { managers, slugCode, storeStaffView } from './supermarket-schemas.js';

export const storesStaffList = defineRoute({
  operationId: 'storesStaffList',
  method: 'get',
  path: '/api/v1/stores/:store/staff',
  summary: 'The staff assigned to a store',
  tag: 'supermarket',
  access: managers,
  request: { params: z.strictObject({ store: slugCode }) },
  response: { status: 200, description: 'every staff user of the store, by user id', schema: z.strictObject({ items: z.array(storeStaffView) }) },
  handler: async ({ deps, principal, params }) => ({ items: await listStoreStaff(deps, principal, params.store) }),
});
