// GET /api/v1/me: the caller's own account and community.
import { meGet as contract } from '@linli/contract';
import { mustChangePassword } from '../auth/password-change.js';
import { allRoles } from '../auth/roles.js';
import { findUser, toUserView } from '../auth/users.js';
import { findCommunity } from '../communities.js';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';

export const meGet = defineRoute({
  operationId: 'meGet',
  method: contract.method,
  path: contract.path,
  summary: 'The caller and their community',
  tag: 'auth',
  access: allRoles,
  response: contract.response,
  handler: async ({ deps, principal }) => {
    const [user, community, mustChange] = await Promise.all([
      findUser(deps.knex, principal.community, principal.userId),
      findCommunity(deps.knex, principal.community),
      mustChangePassword(deps.knex, principal.community, principal.userId),
    ]);
    if (user === undefined || community === undefined) throw new ApiError('not_found', { detail: 'the account no longer exists' });
    return {
      user: toUserView(user),
      community: { id: community.id, name: community.name, isDemo: community.isDemo, isPlatform: community.isPlatform === true },
      mustChangePassword: mustChange,
    };
  },
});
