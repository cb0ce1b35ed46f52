// The contract of PATCH /api/v1/households/:code: what it takes and what it answers.
import { z } from 'zod';
import { householdPersonalChange, householdView } from '../household.js';
import { householdCode } from '../values.js';

export const householdsUpdate = {
  method: 'patch',
  path: '/api/v1/households/:code',
  request: { params: z.strictObject({ code: householdCode }), body: householdPersonalChange },
  response: { status: 200, description: 'the changed household', schema: householdView },
} as const;
