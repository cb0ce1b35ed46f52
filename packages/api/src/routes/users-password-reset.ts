// POST /api/v1/users/:userId/password-reset: a one-time password for someone who forgot theirs (admins).
import { usersPasswordReset as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { resetUserPassword } from '../workflows/password-resets.js';

export const usersPasswordReset = defineRoute({
  operationId: 'usersPasswordReset',
  method: contract.method,
  path: contract.path,
  summary: "Reset someone's password: a one-time password to change at the next login; their sessions end at once (audited)",
  tag: 'users',
  access: ['admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => resetUserPassword(deps, principal, params.userId),
});
