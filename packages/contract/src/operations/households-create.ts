// The contract of POST /api/v1/households: what it takes and what it answers.
import { householdPersonal, householdView } from '../household.js';

export const householdsCreate = {
  method: 'post',
  path: '/api/v1/households',
  request: { body: householdPersonal },
  response: { status: 201, description: 'the new household with its code', schema: householdView },
} as const;
