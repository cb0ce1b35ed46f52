// The contract of POST /api/v1/admin/expire-holds: what it takes and what it answers.
import { z } from 'zod';

export const adminExpireHolds = {
  method: 'post',
  path: '/api/v1/admin/expire-holds',
  response: { status: 200, description: 'how many holds expired', schema: z.strictObject({ expired: z.number().int().min(0) }) },
} as const;
