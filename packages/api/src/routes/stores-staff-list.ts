// GET /api/v1/stores/:store/staff: who works in a store (at most `staffPerStoreMax`).
import { storesStaffList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { listStoreStaff } from '../workflows/store-staff.js';
import { managers } from '@linli/contract';

export const storesStaffList = defineRoute({
  operationId: 'storesStaffList',
  method: contract.method,
  path: contract.path,
  summary: 'The staff assigned to a store',
  tag: 'supermarket',
  access: managers,
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, params }) => ({ items: await listStoreStaff(deps, principal, params.store) }),
});
