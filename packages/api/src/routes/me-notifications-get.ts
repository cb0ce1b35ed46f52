// GET /api/v1/me/notifications: the urgent needs the calling member was notified of.
import { meNotificationsGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { listMyNotifications } from '../workflows/urgent.js';

export const meNotificationsGet = defineRoute({
  operationId: 'meNotificationsGet',
  method: contract.method,
  path: contract.path,
  summary:
    'Urgent needs I was notified of in the last 30 days, newest first (at most 100; waves not yet due are not shown; grid cell, never the address)',
  tag: 'service',
  access: ['member'],
  response: contract.response,
  handler: ({ deps, principal }) => listMyNotifications(deps, principal),
});
