// The contract of POST /api/v1/stores/:store/staff: what it takes and what it answers.
import { z } from 'zod';
import { slugCode, storeStaffView } from '../supermarket.js';
import { userId } from '../values.js';

export const storesStaffAssign = {
  method: 'post',
  path: '/api/v1/stores/:store/staff',
  request: { params: z.strictObject({ store: slugCode }), body: z.strictObject({ userId }) },
  response: { status: 200, description: 'the assignment, as it now stands', schema: storeStaffView },
} as const;
