// GET /api/v1/admin/redemption-rules: points per item, monthly quotas and the hour rule.
import { defineRoute } from '../routing.js';
import { readRedemptionRules } from '../workflows/redemption-rules.js';
import { redemptionRules } from './redemption-rules-schemas.js';

export const redemptionRulesGet = defineRoute({
  operationId: 'redemptionRulesGet',
  method: 'get',
  path: '/api/v1/admin/redemption-rules',
  summary: 'The community’s redemption rules',
  tag: 'supermarket',
  access: ['admin'],
  response: { status: 200, description: 'the rules', schema: redemptionRules },
  handler: ({ deps, principal }) => readRedemptionRules(deps.knex, principal.community),
});
