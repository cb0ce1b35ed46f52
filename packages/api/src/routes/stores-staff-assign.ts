// POST /api/v1/stores/:store/staff: assign a staff user to a store, so they work its books.
import { storesStaffAssign as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { assignStaffToStore } from '../workflows/store-staff.js';

export const storesStaffAssign = defineRoute({
  operationId: 'storesStaffAssign',
  method: contract.method,
  path: contract.path,
  summary: 'Assign a staff user to a store (audited); assigning again changes nothing',
  tag: 'supermarket',
  access: ['admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body }) => assignStaffToStore(deps, principal, params.store, body.userId),
});
