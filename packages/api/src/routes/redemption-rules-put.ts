// PUT /api/v1/admin/redemption-rules: replace the whole rule set (a PUT is idempotent by itself).
import { defineRoute } from '../routing.js';
import { replaceRedemptionRules } from '../workflows/redemption-rules.js';
import { redemptionRules } from './redemption-rules-schemas.js';

export const redemptionRulesPut = defineRoute({
  operationId: 'redemptionRulesPut',
  method: 'put',
  path: '/api/v1/admin/redemption-rules',
  summary: 'Replace the redemption rules (audited)',
  tag: 'supermarket',
  access: ['admin'],
  request: { body: redemptionRules },
  response: { status: 200, description: 'the rules now', schema: redemptionRules },
  handler: ({ deps, principal, body }) => replaceRedemptionRules(deps, principal, body),
});
