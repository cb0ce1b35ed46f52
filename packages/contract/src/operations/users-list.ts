// The contract of GET /api/v1/users: what it takes and what it answers.
import { z } from 'zod';
import { pageOf, communityRoleSchema, userView } from '../common.js';
import { pageLimit, userId } from '../values.js';

export const usersList = {
  method: 'get',
  path: '/api/v1/users',
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: userId.optional(), role: communityRoleSchema.optional() }) },
  response: { status: 200, description: 'a page of accounts, by id', schema: pageOf(userView) },
} as const;
