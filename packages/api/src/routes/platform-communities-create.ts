// POST /api/v1/platform/communities: a community, its books and its first admin with a one-time password (platform admins).
import { platformCommunitiesCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { createCommunity } from '../workflows/platform.js';

export const platformCommunitiesCreate = defineRoute({
  operationId: 'platformCommunitiesCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Create a community and its first admin, who must change the one-time password at first login (audited)',
  tag: 'platform',
  access: ['platform_admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body }) => createCommunity(deps, principal, body),
});
