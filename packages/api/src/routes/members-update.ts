// PATCH /api/v1/members/:userId: change a member's name or volunteer profile (coordinators, admins).
import { z } from 'zod';
import { changeMember } from '../workflows/members.js';
import { defineRoute } from '../routing.js';
import { displayName, phone, tags, userId } from '../validation.js';
import { memberView } from './member-schemas.js';

export const membersUpdate = defineRoute({
  operationId: 'membersUpdate',
  method: 'patch',
  path: '/api/v1/members/:userId',
  summary: 'Change a member (audited); `phone: null` removes the phone',
  tag: 'members',
  access: ['coordinator', 'admin'],
  request: {
    params: z.strictObject({ userId }),
    body: z
      .strictObject({ displayName: displayName.optional(), phone: phone.nullable().optional(), languages: tags.optional(), skills: tags.optional() })
      .refine((change) => Object.keys(change).length > 0, 'at least one field'),
  },
  response: { status: 200, description: 'the changed member', schema: memberView },
  handler: ({ deps, principal, params, body }) => changeMember(deps, principal, params.userId, body),
});
