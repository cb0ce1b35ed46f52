// POST /api/v1/me/password: change my own password; my other sessions end at once (every role).
import { mePasswordChange as contract } from '@linli/contract';
import { changeOwnPassword } from '../auth/own-password.js';
import { allRoles } from '../auth/roles.js';
import { defineRoute } from '../routing.js';

export const mePasswordChange = defineRoute({
  operationId: 'mePasswordChange',
  method: contract.method,
  path: contract.path,
  summary: 'Change my password, giving the current one; my other sessions end at once (audited)',
  tag: 'auth',
  access: allRoles,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, address }) => changeOwnPassword(deps, principal, body, address),
});
