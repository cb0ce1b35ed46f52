// GET /api/v1/platform/communities: the communities with this month's public figures (platform admins).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { communityCode, pageLimit } from '../validation.js';
import { communitiesPageMax, communitiesWithFigures } from '../workflows/platform.js';
import { monthNow } from './public-stats-get.js';
import { communityWithFigures } from './platform-schemas.js';
import { pageOf } from './shared-schemas.js';

export const platformCommunitiesList = defineRoute({
  operationId: 'platformCommunitiesList',
  method: 'get',
  path: '/api/v1/platform/communities',
  summary: "List the communities with this month's public figures",
  tag: 'platform',
  access: ['platform_admin'],
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: communityCode.optional() }) },
  response: { status: 200, description: `a page of communities by code (at most ${communitiesPageMax})`, schema: pageOf(communityWithFigures) },
  handler: ({ deps, query }) => communitiesWithFigures(deps, { limit: query.limit ?? communitiesPageMax, after: query.after }, monthNow(deps.now())),
});
