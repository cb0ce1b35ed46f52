// PATCH /api/v1/users/:userId: change an account's role, name, password or disabled state (admins).
import { z } from 'zod';
import { changeAccount } from '../auth/user-admin.js';
import { defineRoute } from '../routing.js';
import { displayName, passwordNew, userId } from '../validation.js';
import { communityRoleSchema, userView } from './shared-schemas.js';

export const usersUpdate = defineRoute({
  operationId: 'usersUpdate',
  method: 'patch',
  path: '/api/v1/users/:userId',
  summary: 'Change an account (audited); a new role, disabling or a new password ends its sessions at once',
  tag: 'users',
  access: ['admin'],
  request: {
    params: z.strictObject({ userId }),
    body: z
      .strictObject({ role: communityRoleSchema.optional(), displayName: displayName.optional(), disabled: z.boolean().optional(), password: passwordNew.optional() })
      .refine((change) => Object.keys(change).length > 0, 'at least one field'),
  },
  response: { status: 200, description: 'the changed account', schema: userView },
  handler: ({ deps, principal, params, body }) => changeAccount(deps, principal, params.userId, body),
});
