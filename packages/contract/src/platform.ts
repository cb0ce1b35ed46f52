// The platform's views (communities and their first admins) and password resets.
import { z } from 'zod';
import { monthStatisticsView } from './operations/public-stats-get.js';
import { communityCode, displayName, timestamp, usernameNew } from './values.js';

/** Communities in one page of the platform's list, at most. */
export const communitiesPageMax = 20;

export const communityCreateBody = z.strictObject({
  code: communityCode.describe('the code people log in with, e.g. `xianlin`'),
  name: displayName.describe('e.g. 仙林街道仙林社区'),
  admin: z.strictObject({ username: usernameNew, displayName }),
});

export const oneTimePassword = z.string().describe('a one-time password to hand over once; its holder must change it at the next login');

export const communityCreated = z.strictObject({
  community: z.string(),
  name: z.string(),
  admin: z.strictObject({ id: z.string(), username: z.string(), oneTimePassword }),
});

export const communityWithFigures = z.strictObject({
  code: z.string(),
  name: z.string(),
  createdAt: timestamp,
  thisMonth: monthStatisticsView.describe("this month's public figures (China Standard Time), small counts suppressed"),
});

export const passwordResetView = z.strictObject({ userId: z.string(), username: z.string(), oneTimePassword });
