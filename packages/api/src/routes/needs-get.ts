// GET /api/v1/needs/:id: one need with its assignments (a member sees only their own).
import { needsGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { assignmentsOfNeed } from '../workflows/assignments.js';
import { getNeed, requireNeedRow } from '../workflows/needs.js';
import { needReaders } from '@linli/contract';

export const needsGet = defineRoute({
  operationId: 'needsGet',
  method: contract.method,
  path: contract.path,
  summary: 'A service need and its assignments; the exact address only for coordinators, the requester and confirmed volunteers',
  tag: 'service',
  access: needReaders,
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, params }) => {
    const need = await getNeed(deps, principal, params.id);
    const row = await requireNeedRow(deps.knex, principal.community, params.id);
    return { need, assignments: await assignmentsOfNeed(deps, principal, row) };
  },
});
