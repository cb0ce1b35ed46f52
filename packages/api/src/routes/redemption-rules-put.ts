// PUT /api/v1/admin/redemption-rules: replace the whole rule set (a PUT is idempotent by itself).
import { redemptionRulesPut as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { replaceRedemptionRules } from '../workflows/redemption-rules.js';

export const redemptionRulesPut = defineRoute({
  operationId: 'redemptionRulesPut',
  method: contract.method,
  path: contract.path,
  summary: 'Replace the redemption rules (audited)',
  tag: 'supermarket',
  access: ['admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body }) => replaceRedemptionRules(deps, principal, body),
});
