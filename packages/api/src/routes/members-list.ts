// GET /api/v1/members: the community's members with their volunteer profiles (coordinators, admins).
import { listMembers } from '../workflows/members.js';
import { membersList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';

export const membersList = defineRoute({
  operationId: 'membersList',
  method: contract.method,
  path: contract.path,
  summary: 'List members',
  tag: 'members',
  access: ['coordinator', 'admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, query }) =>
    listMembers(deps, principal.community, { limit: query.limit ?? pageSizeDefault, after: query.after }),
});
