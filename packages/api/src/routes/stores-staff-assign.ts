// POST /api/v1/stores/:store/staff: assign a staff user to a store, so they work its books.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { userId } from '../validation.js';
import { assignStaffToStore } from '../workflows/store-staff.js';
import { slugCode, storeStaffView } from './supermarket-schemas.js';

export const storesStaffAssign = defineRoute({
  operationId: 'storesStaffAssign',
  method: 'post',
  path: '/api/v1/stores/:store/staff',
  summary: 'Assign a staff user to a store (audited); assigning again changes nothing',
  tag: 'supermarket',
  access: ['admin'],
  idempotent: true,
  request: { params: z.strictObject({ store: slugCode }), body: z.strictObject({ userId }) },
  response: { status: 200, description: 'the assignment, as it now stands', schema: storeStaffView },
  handler: ({ deps, principal, params, body }) => assignStaffToStore(deps, principal, params.store, body.userId),
});
