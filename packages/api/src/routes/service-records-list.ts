// GET /api/v1/service-records: approved service (服务档案); a member sees their own.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { listServiceRecords } from '../workflows/service-records.js';
import { pageLimit, pageSizeDefault, userId } from '../validation.js';
import { assignmentId, needReaders, serviceRecordView } from './needs-schemas.js';

export const serviceRecordsList = defineRoute({
  operationId: 'serviceRecordsList',
  method: 'get',
  path: '/api/v1/service-records',
  summary: 'Service records: approved hours per assignment (members: their own)',
  tag: 'service',
  access: needReaders,
  request: { query: z.strictObject({ volunteer: userId.optional(), limit: pageLimit.optional(), after: assignmentId.optional() }) },
  response: { status: 200, description: 'a page of records', schema: z.strictObject({ items: z.array(serviceRecordView), next: assignmentId.nullable() }) },
  handler: ({ deps, principal, query }) => listServiceRecords(deps, principal, { volunteer: query.volunteer, limit: query.limit ?? pageSizeDefault, after: query.after }),
});
