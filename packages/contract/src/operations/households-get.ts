// The contract of GET /api/v1/households/:code: what it takes and what it answers.
import { z } from 'zod';
import { householdView } from '../household.js';
import { householdCode } from '../values.js';

export const householdsGet = {
  method: 'get',
  path: '/api/v1/households/:code',
  request: { params: z.strictObject({ code: householdCode }) },
  response: { status: 200, description: 'the household', schema: householdView },
} as const;
