// The contract of GET /api/v1/funds: what it takes and what it answers.
import { z } from 'zod';
import { pageOf } from '../common.js';
import { fundView } from '../fund.js';
import { slugCode } from '../supermarket.js';
import { pageLimit } from '../values.js';

export const fundsList = {
  method: 'get',
  path: '/api/v1/funds',
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: slugCode.optional() }) },
  response: { status: 200, description: 'a page of funds by code', schema: pageOf(fundView) },
} as const;
