// GET /api/v1/me/balances: the member's own hour account, hours served and star level (members).
import { meBalancesGet as contract } from '@linli/contract';
import { books } from '@linli/ledger';
import { defineRoute } from '../routing.js';
import { accountView as toAccountView, readableAccount } from '../workflows/account-access.js';
import { servedHours, starProgress } from '../workflows/served-hours.js';

export const meBalancesGet = defineRoute({
  operationId: 'meBalancesGet',
  method: contract.method,
  path: contract.path,
  summary: 'My hour account: balance, available, on hold; hours served and star level',
  tag: 'ledger',
  access: ['member'],
  response: contract.response,
  handler: async ({ deps, principal }) => {
    // Two reads at once: the hour account (or not_found) and the hours served.
    const [account, served] = await Promise.all([
      readableAccount(deps, principal, books.accountIds.memberHours(principal.userId)),
      servedHours(deps.ledger, principal.community, principal.userId),
    ]);
    const star = starProgress(served);
    return { hours: toAccountView(account), hoursServed: served, starLevel: star.level, nextStarLevelHours: star.nextLevelHours };
  },
});
