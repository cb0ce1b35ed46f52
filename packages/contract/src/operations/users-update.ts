// The contract of PATCH /api/v1/users/:userId: what it takes and what it answers.
import { z } from 'zod';
import { communityRoleSchema, userView } from '../common.js';
import { displayName, passwordNew, userId } from '../values.js';

export const usersUpdate = {
  method: 'patch',
  path: '/api/v1/users/:userId',
  request: {
    params: z.strictObject({ userId }),
    body: z
      .strictObject({
        role: communityRoleSchema.optional(),
        displayName: displayName.optional(),
        disabled: z.boolean().optional(),
        password: passwordNew.optional(),
      })
      .refine((change) => Object.keys(change).length > 0, 'at least one field'),
  },
  response: { status: 200, description: 'the changed account', schema: userView },
} as const;
