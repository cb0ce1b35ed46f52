// GET /api/v1/platform/communities/:community/admins: a community's admins, whose passwords the platform may reset (platform admins).
import { platformAdminsList as contract } from '@linli/contract';
import { listUsers, toUserView } from '../auth/users.js';
import { findMemberCommunity } from '../communities.js';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { pageSizeMax } from '../validation.js';

export const platformAdminsList = defineRoute({
  operationId: 'platformAdminsList',
  method: contract.method,
  path: contract.path,
  summary: `List a community's admins (the first ${String(pageSizeMax)})`,
  tag: 'platform',
  access: ['platform_admin'],
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, params }) => {
    if ((await findMemberCommunity(deps.knex, params.community)) === undefined)
      throw new ApiError('not_found', { detail: 'no such community' });
    const admins = await listUsers(deps.knex, params.community, { limit: pageSizeMax, role: 'admin' });
    return { items: admins.map(toUserView) };
  },
});
