// GET /api/v1/users: every account of the caller's community (admins).
import { z } from 'zod';
import { listUsers, toUserView } from '../auth/users.js';
import { defineRoute } from '../routing.js';
import { pageLimit, pageSizeDefault, userId } from '../validation.js';
import { communityRoleSchema, pageOf, userView } from './shared-schemas.js';

export const usersList = defineRoute({
  operationId: 'usersList',
  method: 'get',
  path: '/api/v1/users',
  summary: 'List the accounts of your community',
  tag: 'users',
  access: ['admin'],
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: userId.optional(), role: communityRoleSchema.optional() }) },
  response: { status: 200, description: 'a page of accounts, by id', schema: pageOf(userView) },
  handler: async ({ deps, principal, query }) => {
    const limit = query.limit ?? pageSizeDefault;
    const users = await listUsers(deps.knex, principal.community, { limit, after: query.after, role: query.role });
    return { items: users.map(toUserView), next: users.length === limit ? (users.at(-1)?.id ?? null) : null };
  },
});
