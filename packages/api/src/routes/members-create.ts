// POST /api/v1/members: register a volunteer (coordinators, admins); the phone is sealed at rest.
import { z } from 'zod';
import { createMember } from '../workflows/members.js';
import { defineRoute } from '../routing.js';
import { displayName, passwordNew, phone, tags, usernameNew } from '../validation.js';
import { memberView } from './member-schemas.js';

export const membersCreate = defineRoute({
  operationId: 'membersCreate',
  method: 'post',
  path: '/api/v1/members',
  summary: 'Register a member (audited)',
  tag: 'members',
  access: ['coordinator', 'admin'],
  idempotent: true,
  request: { body: z.strictObject({ username: usernameNew, displayName, password: passwordNew, phone: phone.optional(), languages: tags.optional(), skills: tags.optional() }) },
  response: { status: 201, description: 'the new member', schema: memberView },
  handler: ({ deps, principal, body }) => createMember(deps, principal, body),
});
