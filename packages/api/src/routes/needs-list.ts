// GET /api/v1/needs: the community's needs, by id, without addresses.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { listNeeds } from '../workflows/needs.js';
import { pageLimit, pageSizeDefault } from '../validation.js';
import { needId, needReaders, needView } from './needs-schemas.js';

export const needsList = defineRoute({
  operationId: 'needsList',
  method: 'get',
  path: '/api/v1/needs',
  summary: 'The community’s service needs (no addresses)',
  tag: 'service',
  access: needReaders,
  request: { query: z.strictObject({ status: z.enum(['open', 'closed', 'cancelled']).optional(), limit: pageLimit.optional(), after: needId.optional() }) },
  response: { status: 200, description: 'a page of needs', schema: z.strictObject({ items: z.array(needView), next: needId.nullable() }) },
  handler: ({ deps, principal, query }) => listNeeds(deps, principal, { status: query.status, limit: query.limit ?? pageSizeDefault, after: query.after }),
});
