// DELETE /api/v1/stores/:store/staff/:userId: end a user's work in a store.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { userId } from '../validation.js';
import { unassignStaffFromStore } from '../workflows/store-staff.js';
import { slugCode } from './supermarket-schemas.js';

export const storesStaffUnassign = defineRoute({
  operationId: 'storesStaffUnassign',
  method: 'delete',
  path: '/api/v1/stores/:store/staff/:userId',
  summary: 'Remove a user from a store’s staff (audited); removing again changes nothing',
  tag: 'supermarket',
  access: ['admin'],
  request: { params: z.strictObject({ store: slugCode, userId }) },
  response: { status: 204, description: 'the user no longer works in the store' },
  handler: ({ deps, principal, params }) => unassignStaffFromStore(deps, principal, params.store, params.userId),
});
