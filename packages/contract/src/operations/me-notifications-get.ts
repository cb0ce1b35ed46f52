// The contract of GET /api/v1/me/notifications: what it takes and what it answers.
import { z } from 'zod';
import { assignmentId, needId } from '../needs.js';
import { timestamp } from '../values.js';

export const meNotificationsGet = {
  method: 'get',
  path: '/api/v1/me/notifications',
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
} as const;
