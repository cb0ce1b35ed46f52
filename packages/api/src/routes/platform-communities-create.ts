// POST /api/v1/platform/communities: a community, its books and its first admin with a one-time password (platform admins).
import { defineRoute } from '../routing.js';
import { createCommunity } from '../workflows/platform.js';
import { communityCreateBody, communityCreated } from './platform-schemas.js';

export const platformCommunitiesCreate = defineRoute({
  operationId: 'platformCommunitiesCreate',
  method: 'post',
  path: '/api/v1/platform/communities',
  summary: 'Create a community and its first admin, who must change the one-time password at first login (audited)',
  tag: 'platform',
  access: ['platform_admin'],
  idempotent: true,
  request: { body: communityCreateBody },
  response: { status: 201, description: 'the community and its admin with a one-time password', schema: communityCreated },
  handler: ({ deps, principal, body }) => createCommunity(deps, principal, body),
});
