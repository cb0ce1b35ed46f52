// The contract of POST /api/v1/members: what it takes and what it answers.
import { z } from 'zod';
import { memberView } from '../member.js';
import { displayName, passwordNew, phone, tags, usernameNew } from '../values.js';

export const membersCreate = {
  method: 'post',
  path: '/api/v1/members',
  request: {
    body: z.strictObject({
      username: usernameNew,
      displayName,
      password: passwordNew,
      phone: phone.optional(),
      languages: tags.optional(),
      skills: tags.optional(),
    }),
  },
  response: { status: 201, description: 'the new member', schema: memberView },
} as const;
