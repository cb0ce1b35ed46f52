// GET /api/v1/members: the community's members with their volunteer profiles (coordinators, admins).
import { z } from 'zod';
import { listMembers } from '../workflows/members.js';
import { defineRoute } from '../routing.js';
import { pageLimit, pageSizeDefault, userId } from '../validation.js';
import { memberView } from './member-schemas.js';
import { pageOf } from './shared-schemas.js';

export const membersList = defineRoute({
  operationId: 'membersList',
  method: 'get',
  path: '/api/v1/members',
  summary: 'List members',
  tag: 'members',
  access: ['coordinator', 'admin'],
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: userId.optional() }) },
  response: { status: 200, description: 'a page of members, by id', schema: pageOf(memberView) },
  handler: ({ deps, principal, query }) => listMembers(deps, principal.community, { limit: query.limit ?? pageSizeDefault, after: query.after }),
});
