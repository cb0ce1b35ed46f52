// POST /api/v1/needs/:id/urgent: urgent mode; notification waves for an open need, recorded.
import { needsUrgent as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { launchUrgent } from '../workflows/urgent.js';
import { serviceManagers } from '@linli/contract';

export const needsUrgent = defineRoute({
  operationId: 'needsUrgent',
  method: contract.method,
  path: contract.path,
  summary:
    'Launch urgent notification for an open need: waves of its best-ranked volunteers (5, 10, 20, 40, 10 minutes apart), each person at most once per 2-hour cooldown across needs and launches; the record is the notification (no SMS or push is sent)',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => launchUrgent(deps, principal, params.id),
});
