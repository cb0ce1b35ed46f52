// DELETE /api/v1/stores/:store/staff/:userId: end a user's work in a store.
import { storesStaffUnassign as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { unassignStaffFromStore } from '../workflows/store-staff.js';

export const storesStaffUnassign = defineRoute({
  operationId: 'storesStaffUnassign',
  method: contract.method,
  path: contract.path,
  summary: 'Remove a user from a store’s staff (audited); removing again changes nothing',
  tag: 'supermarket',
  access: ['admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => unassignStaffFromStore(deps, principal, params.store, params.userId),
});
