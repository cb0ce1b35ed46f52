// GET /api/v1/needs/:id: one need with its assignments (a member sees only their own).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { assignmentsOfNeed } from '../workflows/assignments.js';
import { getNeed, requireNeedRow } from '../workflows/needs.js';
import { assignmentView, needId, needReaders, needView } from './needs-schemas.js';

export const needsGet = defineRoute({
  operationId: 'needsGet',
  method: 'get',
  path: '/api/v1/needs/:id',
  summary: 'A service need and its assignments; the exact address only for coordinators, the requester and confirmed volunteers',
  tag: 'service',
  access: needReaders,
  request: { params: z.strictObject({ id: needId }) },
  response: { status: 200, description: 'the need', schema: z.strictObject({ need: needView, assignments: z.array(assignmentView) }) },
  handler: async ({ deps, principal, params }) => {
    const need = await getNeed(deps, principal, params.id);
    const row = await requireNeedRow(deps.knex, principal.community, params.id);
    return { need, assignments: await assignmentsOfNeed(deps, principal, row) };
  },
});
