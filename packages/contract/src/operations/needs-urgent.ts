// The contract of POST /api/v1/needs/:id/urgent: what it takes and what it answers.
import { z } from 'zod';
import { needId } from '../needs.js';
import { timestamp } from '../values.js';

export const needsUrgent = {
  method: 'post',
  path: '/api/v1/needs/:id/urgent',
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
} as const;
