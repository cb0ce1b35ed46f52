// GET /api/v1/platform/communities: the communities with this month's public figures (platform admins).
import { platformCommunitiesList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { communitiesPageMax, communitiesWithFigures } from '../workflows/platform.js';
import { monthNow } from './public-stats-get.js';

export const platformCommunitiesList = defineRoute({
  operationId: 'platformCommunitiesList',
  method: contract.method,
  path: contract.path,
  summary: "List the communities with this month's public figures",
  tag: 'platform',
  access: ['platform_admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, query }) =>
    communitiesWithFigures(deps, { limit: query.limit ?? communitiesPageMax, after: query.after }, monthNow(deps.now())),
});
