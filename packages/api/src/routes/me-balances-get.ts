// GET /api/v1/me/balances: the member's own hour account, hours served and star level (members).
import { books } from '@linli/ledger';
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { accountView as toAccountView, readableAccount } from '../workflows/account-access.js';
import { servedHours, starProgress } from '../workflows/served-hours.js';
import { accountView, amountView } from './ledger-schemas.js';

export const meBalancesGet = defineRoute({
  operationId: 'meBalancesGet',
  method: 'get',
  path: '/api/v1/me/balances',
  summary: 'My hour account: balance, available, on hold; hours served and star level',
  tag: 'ledger',
  access: ['member'],
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
  handler: async ({ deps, principal }) => {
    // Two reads at once: the hour account (or not_found) and the hours served.
    const [account, served] = await Promise.all([readableAccount(deps, principal, books.accountIds.memberHours(principal.userId)), servedHours(deps.ledger, principal.community, principal.userId)]);
    const star = starProgress(served);
    return { hours: toAccountView(account), hoursServed: served, starLevel: star.level, nextStarLevelHours: star.nextLevelHours };
  },
});
