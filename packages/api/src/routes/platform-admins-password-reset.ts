// POST /api/v1/platform/communities/:community/admins/:userId/password-reset: a community admin's one-time password (platform admins).
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { communityCode, userId } from '../validation.js';
import { resetCommunityAdminPassword } from '../workflows/platform.js';
import { passwordResetView } from './platform-schemas.js';

export const platformAdminsPasswordReset = defineRoute({
  operationId: 'platformAdminsPasswordReset',
  method: 'post',
  path: '/api/v1/platform/communities/:community/admins/:userId/password-reset',
  summary: "Reset a community admin's password: a one-time password to change at the next login; their sessions end (audited)",
  tag: 'platform',
  access: ['platform_admin'],
  idempotent: true,
  request: { params: z.strictObject({ community: communityCode, userId }) },
  response: { status: 200, description: 'the one-time password, to hand over once', schema: passwordResetView },
  handler: ({ deps, principal, params }) => resetCommunityAdminPassword(deps, principal, params.community, params.userId),
});
