// The contract of PUT /api/v1/admin/redemption-rules: what it takes and what it answers.
import { redemptionRules } from '../redemption-rules.js';

export const redemptionRulesPut = {
  method: 'put',
  path: '/api/v1/admin/redemption-rules',
  request: { body: redemptionRules },
  response: { status: 200, description: 'the rules now', schema: redemptionRules },
} as const;
