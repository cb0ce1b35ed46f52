// POST /api/v1/households: register a household; it gets a random code and its personal data is sealed.
import { createHousehold } from '../workflows/households.js';
import { householdPersonal } from '../workflows/household-personal.js';
import { defineRoute } from '../routing.js';
import { householdView } from './household-schemas.js';

export const householdsCreate = defineRoute({
  operationId: 'householdsCreate',
  method: 'post',
  path: '/api/v1/households',
  summary: 'Register a household (audited)',
  tag: 'households',
  access: ['coordinator', 'admin'],
  idempotent: true,
  request: { body: householdPersonal },
  response: { status: 201, description: 'the new household with its code', schema: householdView },
  handler: ({ deps, principal, body }) => createHousehold(deps, principal, body),
});
