// GET /api/v1/members/:userId: one member of the caller's community (coordinators, admins).
import { getMember } from '../workflows/members.js';
import { membersGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';

export const membersGet = defineRoute({
  operationId: 'membersGet',
  method: contract.method,
  path: contract.path,
  summary: 'One member',
  tag: 'members',
  access: ['coordinator', 'admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => getMember(deps, principal.community, params.userId),
});
