// The contract of PATCH /api/v1/members/:userId: what it takes and what it answers.
import { z } from 'zod';
import { memberView } from '../member.js';
import { displayName, phone, tags, userId } from '../values.js';

export const membersUpdate = {
  method: 'patch',
  path: '/api/v1/members/:userId',
  request: {
    params: z.strictObject({ userId }),
    body: z
      .strictObject({
        displayName: displayName.optional(),
        phone: phone.nullable().optional(),
        languages: tags.optional(),
        skills: tags.optional(),
      })
      .refine((change) => Object.keys(change).length > 0, 'at least one field'),
  },
  response: { status: 200, description: 'the changed member', schema: memberView },
} as const;
