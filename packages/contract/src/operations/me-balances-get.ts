// The contract of GET /api/v1/me/balances: what it takes and what it answers.
import { z } from 'zod';
import { accountView, amountView } from '../ledger.js';

export const meBalancesGet = {
  method: 'get',
  path: '/api/v1/me/balances',
  response: {
    status: 200,
    description: 'the member’s hour account',
    schema: z.strictObject({
      hours: accountView,
      hoursServed: amountView.describe('approved service hours credited to the member, less reversals'),
      starLevel: z.number().int().min(0).max(5).describe('星级志愿者: 1★ at 100 hours served, 2★ 300, 3★ 600, 4★ 1,000, 5★ 1,500'),
      nextStarLevelHours: amountView.nullable().describe('hours served the next star needs; null at 5★'),
    }),
  },
} as const;
