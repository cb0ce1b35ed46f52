// GET /api/v1/users: every account of the caller's community (admins).
import { usersList as contract } from '@linli/contract';
import { listUsers, toUserView } from '../auth/users.js';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';

export const usersList = defineRoute({
  operationId: 'usersList',
  method: contract.method,
  path: contract.path,
  summary: 'List the accounts of your community',
  tag: 'users',
  access: ['admin'],
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, query }) => {
    const limit = query.limit ?? pageSizeDefault;
    const users = await listUsers(deps.knex, principal.community, { limit, after: query.after, role: query.role });
    return { items: users.map(toUserView), next: users.length === limit ? (users.at(-1)?.id ?? null) : null };
  },
});
