// The contract of GET /api/v1/platform/communities/:community/admins: what it takes and what it answers.
import { z } from 'zod';
import { userView } from '../common.js';
import { communityCode } from '../values.js';

export const platformAdminsList = {
  method: 'get',
  path: '/api/v1/platform/communities/:community/admins',
  request: { params: z.strictObject({ community: communityCode }) },
  response: { status: 200, description: 'the admins, by id', schema: z.strictObject({ items: z.array(userView) }) },
} as const;
