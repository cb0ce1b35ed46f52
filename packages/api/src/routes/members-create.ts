// POST /api/v1/members: register a volunteer (coordinators, admins); the phone is sealed at rest.
import { createMember } from '../workflows/members.js';
import { membersCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';

export const membersCreate = defineRoute({
  operationId: 'membersCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Register a member (audited)',
  tag: 'members',
  access: ['coordinator', 'admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body }) => createMember(deps, principal, body),
});
