// GET /api/v1/me/notifications: the urgent needs the calling member was notified of.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { listMyNotifications } from '../workflows/urgent.js';
import { timestamp } from '../validation.js';
import { assignmentId, needId } from './needs-schemas.js';

export const meNotificationsGet = defineRoute({
  operationId: 'meNotificationsGet',
  method: 'get',
  path: '/api/v1/me/notifications',
  summary: 'Urgent needs I was notified of in the last 30 days, newest first (at most 100; waves not yet due are not shown; grid cell, never the address)',
  tag: 'service',
  access: ['member'],
  response: {
    status: 200,
    description: 'my notifications',
    schema: z.strictObject({
      items: z.array(
        z.strictObject({
          need: needId,
          title: z.string(),
          urgency: z.number().int(),
          gridCell: z.string(),
          window: z.strictObject({ start: timestamp, end: timestamp }),
          hoursPerSlot: z.string(),
          slots: z.number().int(),
          confirmedSlots: z.number().int(),
          open: z.boolean().describe('the need still takes volunteers: open, window not over, a slot free'),
          wave: z.number().int().min(0),
          notifiedAt: timestamp,
          assignment: assignmentId.nullable().describe('my proposal for this need, if one was made: accepting it takes the slot'),
        }),
      ),
    }),
  },
  handler: ({ deps, principal }) => listMyNotifications(deps, principal),
});
