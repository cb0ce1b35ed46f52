// The contract of GET /api/v1/stores/:store/staff: what it takes and what it answers.
import { z } from 'zod';
import { slugCode, storeStaffView } from '../supermarket.js';

export const storesStaffList = {
  method: 'get',
  path: '/api/v1/stores/:store/staff',
  request: { params: z.strictObject({ store: slugCode }) },
  response: {
    status: 200,
    description: 'every staff user of the store, by user id',
    schema: z.strictObject({ items: z.array(storeStaffView) }),
  },
} as const;
