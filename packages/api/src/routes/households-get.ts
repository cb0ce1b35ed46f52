// GET /api/v1/households/:code: one household; personal data for coordinators and admins only.
import { z } from 'zod';
import { getHousehold } from '../workflows/households.js';
import { defineRoute } from '../routing.js';
import { householdCode } from '../validation.js';
import { householdView } from './household-schemas.js';

export const householdsGet = defineRoute({
  operationId: 'householdsGet',
  method: 'get',
  path: '/api/v1/households/:code',
  summary: 'One household (reading personal data is audited)',
  tag: 'households',
  access: ['coordinator', 'admin', 'staff', 'auditor'],
  request: { params: z.strictObject({ code: householdCode }) },
  response: { status: 200, description: 'the household', schema: householdView },
  handler: ({ deps, principal, params }) => getHousehold(deps, principal, params.code),
});
