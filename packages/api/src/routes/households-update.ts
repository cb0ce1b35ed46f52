// PATCH /api/v1/households/:code: change a household's personal data (coordinators, admins).
import { z } from 'zod';
import { changeHousehold } from '../workflows/households.js';
import { householdPersonalChange } from '../workflows/household-personal.js';
import { defineRoute } from '../routing.js';
import { householdCode } from '../validation.js';
import { householdView } from './household-schemas.js';

export const householdsUpdate = defineRoute({
  operationId: 'householdsUpdate',
  method: 'patch',
  path: '/api/v1/households/:code',
  summary: 'Change a household (audited); `null` removes an optional field',
  tag: 'households',
  access: ['coordinator', 'admin'],
  request: { params: z.strictObject({ code: householdCode }), body: householdPersonalChange },
  response: { status: 200, description: 'the changed household', schema: householdView },
  handler: ({ deps, principal, params, body }) => changeHousehold(deps, principal, params.code, body),
});
