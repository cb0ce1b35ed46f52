// GET /api/v1/volunteers/:userId/profile: a volunteer's matching profile as stored, in the shape
// the PUT takes, so a form can start from it. The same people as the PUT: the member themself, or
// a coordinator or admin of the community. Auditors see pseudonyms, not where a volunteer lives,
// so the profile (with its approximate home place) is not theirs to read.
import { volunteersProfileGet as contract } from '@linli/contract';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { isManager } from '../workflows/needs.js';
import { findVolunteerProfile } from '../workflows/volunteer-profiles.js';
import { needWriters } from '@linli/contract';

export const volunteersProfileGet = defineRoute({
  operationId: 'volunteersProfileGet',
  method: contract.method,
  path: contract.path,
  summary: 'A volunteer’s matching profile as stored (place rounded to 100 m); not_found when none is stored',
  tag: 'service',
  access: needWriters,
  request: contract.request,
  response: contract.response,
  handler: async ({ deps, principal, params }) => {
    // Another member's profile, a user who is not a member, another community's: all alike not found.
    const profile =
      isManager(principal) || params.userId === principal.userId
        ? await findVolunteerProfile(deps.knex, principal.community, params.userId)
        : undefined;
    if (profile === undefined) throw new ApiError('not_found', { detail: `no volunteer profile for ${params.userId}` });
    return profile;
  },
});
