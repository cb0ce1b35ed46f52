// GET /api/v1/me/statement: the member's own hour account, posting by posting (members).
import { meStatementGet as contract } from '@linli/contract';
import { books } from '@linli/ledger';
import { defineRoute } from '../routing.js';
import { pageSizeDefault } from '../validation.js';
import { readableAccount } from '../workflows/account-access.js';

export const meStatementGet = defineRoute({
  operationId: 'meStatementGet',
  method: contract.method,
  path: contract.path,
  summary: 'My hour account’s postings, oldest first, with the balance after each',
  tag: 'ledger',
  access: ['member'],
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, query }) => {
    const account = await readableAccount(deps, principal, books.accountIds.memberHours(principal.userId));
    const page = await deps.ledger.statement(principal.community, account.id, {
      cursor: query.cursor ?? null,
      limit: query.limit ?? pageSizeDefault,
    });
    return { items: page.items, next: page.nextCursor };
  },
});
