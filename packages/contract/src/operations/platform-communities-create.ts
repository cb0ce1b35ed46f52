// The contract of POST /api/v1/platform/communities: what it takes and what it answers.
import { communityCreateBody, communityCreated } from '../platform.js';

export const platformCommunitiesCreate = {
  method: 'post',
  path: '/api/v1/platform/communities',
  request: { body: communityCreateBody },
  response: { status: 201, description: 'the community and its admin with a one-time password', schema: communityCreated },
} as const;
