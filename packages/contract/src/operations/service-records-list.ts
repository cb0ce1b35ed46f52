// The contract of GET /api/v1/service-records: what it takes and what it answers.
import { z } from 'zod';
import { assignmentId, serviceRecordView } from '../needs.js';
import { pageLimit, userId } from '../values.js';

export const serviceRecordsList = {
  method: 'get',
  path: '/api/v1/service-records',
  request: { query: z.strictObject({ volunteer: userId.optional(), limit: pageLimit.optional(), after: assignmentId.optional() }) },
  response: {
    status: 200,
    description: 'a page of records',
    schema: z.strictObject({ items: z.array(serviceRecordView), next: assignmentId.nullable() }),
  },
} as const;
