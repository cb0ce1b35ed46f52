// POST /api/v1/me/notifications/:needId/accept: a notified volunteer takes a slot of an urgent need.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { claimNotifiedSlot } from '../workflows/urgent.js';
import { assignmentView, needId } from './needs-schemas.js';

export const meNotificationsAccept = defineRoute({
  operationId: 'meNotificationsAccept',
  method: 'post',
  path: '/api/v1/me/notifications/:needId/accept',
  summary:
    'Take a slot of an urgent need I was notified of (no body): a confirmed assignment and a hold on the payer’s hours, as accepting a proposal gives; first come first served (`need_full` when the last slot went to someone else first), the matching rules checked now (`volunteer_not_eligible`, its detail naming the rule); again answers the assignment already held',
  tag: 'service',
  access: ['member'],
  idempotent: true,
  request: { params: z.strictObject({ needId }) },
  response: { status: 200, description: 'my confirmed assignment on the need', schema: assignmentView },
  handler: ({ deps, principal, params }) => claimNotifiedSlot(deps, principal, params.needId),
});
