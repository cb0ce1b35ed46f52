// PUT /api/v1/volunteers/:userId/profile: what matching needs of a volunteer (a member for themselves, or a coordinator).
import { z } from 'zod';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { isManager } from '../workflows/needs.js';
import { upsertVolunteerProfile } from '../workflows/volunteer-profiles.js';
import { userId } from '../validation.js';
import { needWriters, volunteerProfileBody } from './needs-schemas.js';

export const volunteersProfilePut = defineRoute({
  operationId: 'volunteersProfilePut',
  method: 'put',
  path: '/api/v1/volunteers/:userId/profile',
  summary: 'Set a volunteer’s matching profile: skills with levels, certificates, home grid cell and place, radius, weekly availability, weekly hour cap',
  tag: 'service',
  access: needWriters,
  request: { params: z.strictObject({ userId }), body: volunteerProfileBody },
  response: { status: 200, description: 'the profile as stored (place rounded to 100 m)', schema: z.strictObject({ userId, gridCell: z.string(), updated: z.literal(true) }) },
  handler: async ({ deps, principal, params, body }) => {
    if (!isManager(principal) && params.userId !== principal.userId) throw new ApiError('not_found', { detail: `no member ${params.userId}` });
    const member = (await deps.knex('member_profiles').first('user_id').where({ community_id: principal.community, user_id: params.userId })) as unknown;
    if (member === undefined) throw new ApiError('not_found', { detail: `no member ${params.userId}` });
    await upsertVolunteerProfile(deps.knex, principal.community, params.userId, body, deps.now());
    return { userId: params.userId, gridCell: body.gridCell, updated: true as const };
  },
});
