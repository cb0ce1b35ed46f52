// GET /api/v1/platform/communities/:community/admins: a community's admins, whose passwords the platform may reset (platform admins).
import { z } from 'zod';
import { listUsers, toUserView } from '../auth/users.js';
import { findMemberCommunity } from '../communities.js';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { communityCode, pageSizeMax } from '../validation.js';
import { userView } from './shared-schemas.js';

export const platformAdminsList = defineRoute({
  operationId: 'platformAdminsList',
  method: 'get',
  path: '/api/v1/platform/communities/:community/admins',
  summary: `List a community's admins (the first ${String(pageSizeMax)})`,
  tag: 'platform',
  access: ['platform_admin'],
  request: { params: z.strictObject({ community: communityCode }) },
  response: { status: 200, description: 'the admins, by id', schema: z.strictObject({ items: z.array(userView) }) },
  handler: async ({ deps, params }) => {
    if ((await findMemberCommunity(deps.knex, params.community)) === undefined) throw new ApiError('not_found', { detail: 'no such community' });
    const admins = await listUsers(deps.knex, params.community, { limit: pageSizeMax, role: 'admin' });
    return { items: admins.map(toUserView) };
  },
});
