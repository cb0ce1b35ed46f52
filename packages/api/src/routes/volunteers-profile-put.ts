// PUT /api/v1/volunteers/:userId/profile: what matching needs of a volunteer (a member for themselves, or a coordinator).
import { volunteersProfilePut as contract } from '@linli/contract';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { isManager } from '../workflows/needs.js';
import { upsertVolunteerProfile } from '../workflows/volunteer-profiles.js';
import { needWriters } from '@linli/contract';

export const volunteersProfilePut = defineRoute({
  operationId: 'volunteersProfilePut',
  method: contract.method,
  path: contract.path,
  summary:
    'Set a volunteer’s matching profile: skills with levels, certificates, home grid cell and place, radius, weekly availability, weekly hour cap',
  tag: 'service',
  access: needWriters,
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, params, body }) => {
    if (!isManager(principal) && params.userId !== principal.userId)
      throw new ApiError('not_found', { detail: `no member ${params.userId}` });
    const member = (await deps
      .knex('member_profiles')
      .first('user_id')
      .where({ community_id: principal.community, user_id: params.userId })) as unknown;
    if (member === undefined) throw new ApiError('not_found', { detail: `no member ${params.userId}` });
    await upsertVolunteerProfile(deps.knex, principal.community, params.userId, body, deps.now());
    return { userId: params.userId, gridCell: body.gridCell, updated: true as const };
  },
});
