// The contract of GET /api/v1/platform/communities: what it takes and what it answers.
import { z } from 'zod';
import { pageOf } from '../common.js';
import { communitiesPageMax, communityWithFigures } from '../platform.js';
import { communityCode, pageLimit } from '../values.js';

export const platformCommunitiesList = {
  method: 'get',
  path: '/api/v1/platform/communities',
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: communityCode.optional() }) },
  response: {
    status: 200,
    description: `a page of communities by code (at most ${communitiesPageMax})`,
    schema: pageOf(communityWithFigures),
  },
} as const;
