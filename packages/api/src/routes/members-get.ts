// GET /api/v1/members/:userId: one member of the caller's community (coordinators, admins).
import { z } from 'zod';
import { getMember } from '../workflows/members.js';
import { defineRoute } from '../routing.js';
import { userId } from '../validation.js';
import { memberView } from './member-schemas.js';

export const membersGet = defineRoute({
  operationId: 'membersGet',
  method: 'get',
  path: '/api/v1/members/:userId',
  summary: 'One member',
  tag: 'members',
  access: ['coordinator', 'admin'],
  request: { params: z.strictObject({ userId }) },
  response: { status: 200, description: 'the member', schema: memberView },
  handler: ({ deps, principal, params }) => getMember(deps, principal.community, params.userId),
});
