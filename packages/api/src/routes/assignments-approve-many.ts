// POST /api/v1/assignments/approve: approve several assignments, each on its own, reporting per item.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { approvalsPerRequestMax, approveMany } from '../workflows/assignments.js';
import { assignmentId, assignmentView, hours, serviceManagers } from './needs-schemas.js';

export const assignmentsApproveMany = defineRoute({
  operationId: 'assignmentsApproveMany',
  method: 'post',
  path: '/api/v1/assignments/approve',
  summary: 'Approve several assignments’ hours; each item succeeds or is refused on its own',
  tag: 'service',
  access: serviceManagers,
  idempotent: true,
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
  handler: async ({ deps, principal, body }) => ({ items: await approveMany(deps, principal, body.items) }),
});
