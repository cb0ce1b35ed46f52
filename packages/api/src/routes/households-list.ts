// GET /api/v1/households: households by code; personal data for coordinators and admins only.
import { z } from 'zod';
import { listHouseholds } from '../workflows/households.js';
import { defineRoute } from '../routing.js';
import { householdCode, pageLimit, pageSizeDefault } from '../validation.js';
import { householdView } from './household-schemas.js';
import { pageOf } from './shared-schemas.js';

export const householdsList = defineRoute({
  operationId: 'householdsList',
  method: 'get',
  path: '/api/v1/households',
  summary: 'List households (staff and auditors see codes only; reading personal data is audited)',
  tag: 'households',
  access: ['coordinator', 'admin', 'staff', 'auditor'],
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: householdCode.optional() }) },
  response: { status: 200, description: 'a page of households, by code', schema: pageOf(householdView) },
  handler: ({ deps, principal, query }) => listHouseholds(deps, principal, { limit: query.limit ?? pageSizeDefault, after: query.after }),
});
