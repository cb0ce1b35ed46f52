// PATCH /api/v1/users/:userId: change an account's role, name, password or disabled state (admins).
import { usersUpdate as contract } from '@linli/contract';
import { changeAccount } from '../auth/user-admin.js';
import { defineRoute } from '../routing.js';

export const usersUpdate = defineRoute({
  operationId: 'usersUpdate',
  method: contract.method,
  path: contract.path,
  summary: 'Change an account (audited); a new role, disabling or a new password ends its sessions at once',
  tag: 'users',
  access: ['admin'],
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params, body }) => changeAccount(deps, principal, params.userId, body),
});
