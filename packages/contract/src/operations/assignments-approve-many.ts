// The contract of POST /api/v1/assignments/approve: what it takes and what it answers.
import { z } from 'zod';
import { approvalsPerRequestMax, assignmentId, assignmentView, hours } from '../needs.js';

export const assignmentsApproveMany = {
  method: 'post',
  path: '/api/v1/assignments/approve',
  request: {
    body: z.strictObject({
      items: z
        .array(z.strictObject({ id: assignmentId, hours }))
        .min(1)
        .max(approvalsPerRequestMax)
        .refine((items) => new Set(items.map((item) => item.id)).size === items.length, 'each assignment once'),
    }),
  },
  response: {
    status: 200,
    description: 'one outcome per item, in order',
    schema: z.strictObject({
      items: z.array(
        z.union([
          z.strictObject({ id: assignmentId, ok: z.literal(true), assignment: assignmentView }),
          z.strictObject({ id: assignmentId, ok: z.literal(false), status: z.number().int(), code: z.string(), detail: z.string() }),
        ]),
      ),
    }),
  },
} as const;
