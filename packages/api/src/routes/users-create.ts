// POST /api/v1/users: create an account with any role in the caller's community (admins).
import { usersCreate as contract } from '@linli/contract';
import { createAccount } from '../auth/user-admin.js';
import { defineRoute } from '../routing.js';

export const usersCreate = defineRoute({
  operationId: 'usersCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Create an account (audited)',
  tag: 'users',
  access: ['admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body }) => createAccount(deps, principal, body),
});
