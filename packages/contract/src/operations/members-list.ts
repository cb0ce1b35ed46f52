// The contract of GET /api/v1/members: what it takes and what it answers.
import { z } from 'zod';
import { pageOf } from '../common.js';
import { memberView } from '../member.js';
import { pageLimit, userId } from '../values.js';

export const membersList = {
  method: 'get',
  path: '/api/v1/members',
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: userId.optional() }) },
  response: { status: 200, description: 'a page of members, by id', schema: pageOf(memberView) },
} as const;
