// POST /api/v1/assignments/:id/no-show: Record that the volunteer did not come; the hold is voided.
import { assignmentsNoShow as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { recordNoShow } from '../workflows/assignments.js';
import { serviceManagers } from '@linli/contract';

export const assignmentsNoShow = defineRoute({
  operationId: 'assignmentsNoShow',
  method: contract.method,
  path: contract.path,
  summary: 'Record that the volunteer did not come; the hold is voided',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => recordNoShow(deps, principal, params.id),
});
