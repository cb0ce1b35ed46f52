// POST /api/v1/platform/communities/:community/admins/:userId/password-reset: a community admin's one-time password (platform admins).
import { platformAdminsPasswordReset as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { resetCommunityAdminPassword } from '../workflows/platform.js';

export const platformAdminsPasswordReset = defineRoute({
  operationId: 'platformAdminsPasswordReset',
  method: contract.method,
  path: contract.path,
  summary: "Reset a community admin's password: a one-time password to change at the next login; their sessions end (audited)",
  tag: 'platform',
  access: ['platform_admin'],
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => resetCommunityAdminPassword(deps, principal, params.community, params.userId),
});
