// The contract of GET /api/v1/admin/redemption-rules: what it takes and what it answers.
import { redemptionRules } from '../redemption-rules.js';

export const redemptionRulesGet = {
  method: 'get',
  path: '/api/v1/admin/redemption-rules',
  response: { status: 200, description: 'the rules', schema: redemptionRules },
} as const;
