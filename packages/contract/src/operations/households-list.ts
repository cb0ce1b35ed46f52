// The contract of GET /api/v1/households: what it takes and what it answers.
import { z } from 'zod';
import { pageOf } from '../common.js';
import { householdView } from '../household.js';
import { householdCode, pageLimit } from '../values.js';

export const householdsList = {
  method: 'get',
  path: '/api/v1/households',
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: householdCode.optional() }) },
  response: { status: 200, description: 'a page of households, by code', schema: pageOf(householdView) },
} as const;
