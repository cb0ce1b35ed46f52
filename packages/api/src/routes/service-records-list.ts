// GET /api/v1/service-records: approved service (服务档案); a member sees their own.
import { serviceRecordsList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { listServiceRecords } from '../workflows/service-records.js';
import { pageSizeDefault } from '../validation.js';
import { needReaders } from '@linli/contract';

export const serviceRecordsList = defineRoute({
  operationId: 'serviceRecordsList',
  method: contract.method,
  path: contract.path,
  summary: 'Service records: approved hours per assignment (members: their own)',
  tag: 'service',
  access: needReaders,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, query }) =>
    listServiceRecords(deps, principal, { volunteer: query.volunteer, limit: query.limit ?? pageSizeDefault, after: query.after }),
});
