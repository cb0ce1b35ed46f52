// The contract of GET /api/v1/me: what it takes and what it answers.
import { z } from 'zod';
import { userView } from '../common.js';

export const meGet = {
  method: 'get',
  path: '/api/v1/me',
  response: {
    status: 200,
    description: 'the caller',
    schema: z.strictObject({
      user: userView,
      community: z.strictObject({
        id: z.string(),
        name: z.string(),
        isDemo: z.boolean(),
        isPlatform: z.boolean().describe('the platform above the communities (a platform admin)'),
      }),
      mustChangePassword: z
        .boolean()
        .describe(
          'true until the caller replaces a one-time password (POST /api/v1/me/password); every other route answers password_change_required meanwhile',
        ),
    }),
  },
} as const;
