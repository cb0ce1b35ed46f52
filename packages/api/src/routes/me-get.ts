// GET /api/v1/me: the caller's own account and community.
import { z } from 'zod';
import { mustChangePassword } from '../auth/password-change.js';
import { allRoles } from '../auth/roles.js';
import { findUser, toUserView } from '../auth/users.js';
import { findCommunity } from '../communities.js';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { userView } from './shared-schemas.js';

export const meGet = defineRoute({
  operationId: 'meGet',
  method: 'get',
  path: '/api/v1/me',
  summary: 'The caller and their community',
  tag: 'auth',
  access: allRoles,
  response: {
    status: 200,
    description: 'the caller',
    schema: z.strictObject({
      user: userView,
      community: z.strictObject({ id: z.string(), name: z.string(), isDemo: z.boolean(), isPlatform: z.boolean().describe('the platform above the communities (a platform admin)') }),
      mustChangePassword: z.boolean().describe('true until the caller replaces a one-time password (POST /api/v1/me/password); every other route answers password_change_required meanwhile'),
    }),
  },
  handler: async ({ deps, principal }) => {
    const [user, community, mustChange] = await Promise.all([
      findUser(deps.knex, principal.community, principal.userId),
      findCommunity(deps.knex, principal.community),
      mustChangePassword(deps.knex, principal.community, principal.userId),
    ]);
    if (user === undefined || community === undefined) throw new ApiError('not_found', { detail: 'the account no longer exists' });
    return { user: toUserView(user), community: { id: community.id, name: community.name, isDemo: community.isDemo, isPlatform: community.isPlatform === true }, mustChangePassword: mustChange };
  },
});
