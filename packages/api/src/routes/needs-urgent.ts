// POST /api/v1/needs/:id/urgent: urgent mode; notification waves for an open need, recorded.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { launchUrgent } from '../workflows/urgent.js';
import { timestamp } from '../validation.js';
import { needId, serviceManagers } from './needs-schemas.js';

export const needsUrgent = defineRoute({
  operationId: 'needsUrgent',
  method: 'post',
  path: '/api/v1/needs/:id/urgent',
  summary:
    'Launch urgent notification for an open need: waves of its best-ranked volunteers (5, 10, 20, 40, 10 minutes apart), each person at most once per 2-hour cooldown across needs and launches; the record is the notification (no SMS or push is sent)',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
  request: { params: z.strictObject({ id: needId }) },
  response: {
    status: 200,
    description: 'the waves this launch recorded: volunteer ids and notification times, never addresses',
    schema: z.strictObject({
      need: needId,
      launchedAt: timestamp,
      cooldownMinutes: z.number().int(),
      waves: z.array(z.strictObject({ wave: z.number().int().min(0), at: timestamp, volunteers: z.array(z.string()) })),
      notified: z.number().int().describe('volunteers this launch notifies'),
      notifiedEarlier: z.number().int().describe('volunteers notified of this need by earlier launches'),
    }),
  },
  handler: ({ deps, principal, params }) => launchUrgent(deps, principal, params.id),
});
