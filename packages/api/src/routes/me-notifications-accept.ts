// POST /api/v1/me/notifications/:needId/accept: a notified volunteer takes a slot of an urgent need.
import { meNotificationsAccept as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { claimNotifiedSlot } from '../workflows/urgent.js';

export const meNotificationsAccept = defineRoute({
  operationId: 'meNotificationsAccept',
  method: contract.method,
  path: contract.path,
  summary:
    'Take a slot of an urgent need I was notified of (no body): a confirmed assignment and a hold on the payer’s hours, as accepting a proposal gives; first come first served (`need_full` when the last slot went to someone else first), the matching rules checked now (`volunteer_not_eligible`, its detail naming the rule); again answers the assignment already held',
  tag: 'service',
  access: ['member'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => claimNotifiedSlot(deps, principal, params.needId),
});
