// The contract of DELETE /api/v1/stores/:store/staff/:userId: what it takes and what it answers.
import { z } from 'zod';
import { slugCode } from '../supermarket.js';
import { userId } from '../values.js';

export const storesStaffUnassign = {
  method: 'delete',
  path: '/api/v1/stores/:store/staff/:userId',
  request: { params: z.strictObject({ store: slugCode, userId }) },
  response: { status: 204, description: 'the user no longer works in the store' },
} as const;
