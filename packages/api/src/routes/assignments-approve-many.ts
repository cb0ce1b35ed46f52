// POST /api/v1/assignments/approve: approve several assignments, each on its own, reporting per item.
import { assignmentsApproveMany as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { approveMany } from '../workflows/assignments.js';
import { serviceManagers } from '@linli/contract';

export const assignmentsApproveMany = defineRoute({
  operationId: 'assignmentsApproveMany',
  method: contract.method,
  path: contract.path,
  summary: 'Approve several assignments’ hours; each item succeeds or is refused on its own',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, body }) => ({ items: await approveMany(deps, principal, body.items) }),
});
