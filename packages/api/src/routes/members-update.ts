// PATCH /api/v1/members/:userId: change a member's name or volunteer profile (coordinators, admins).
import { changeMember } from '../workflows/members.js';
import { membersUpdate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';

export const membersUpdate = defineRoute({
  operationId: 'membersUpdate',
  method: contract.method,
  path: contract.path,
  summary: 'Change a member (audited); `phone: null` removes the phone',
  tag: 'members',
  access: ['coordinator', 'admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body }) => changeMember(deps, principal, params.userId, body),
});
