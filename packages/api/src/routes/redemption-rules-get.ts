// GET /api/v1/admin/redemption-rules: points per item, monthly quotas and the hour rule.
import { redemptionRulesGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { readRedemptionRules } from '../workflows/redemption-rules.js';

export const redemptionRulesGet = defineRoute({
  operationId: 'redemptionRulesGet',
  method: contract.method,
  path: contract.path,
  summary: 'The community’s redemption rules',
  tag: 'supermarket',
  access: ['admin'],
  response: contract.response,
  handler: ({ deps, principal }) => readRedemptionRules(deps.knex, principal.community),
});
