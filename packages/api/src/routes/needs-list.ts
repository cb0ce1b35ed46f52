// GET /api/v1/needs: the community's needs, by id, without addresses.
import { needsList as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { listNeeds } from '../workflows/needs.js';
import { pageSizeDefault } from '../validation.js';
import { needReaders } from '@linli/contract';

export const needsList = defineRoute({
  operationId: 'needsList',
  method: contract.method,
  path: contract.path,
  summary: 'The community’s service needs (no addresses)',
  tag: 'service',
  access: needReaders,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, query }) =>
    listNeeds(deps, principal, { status: query.status, limit: query.limit ?? pageSizeDefault, after: query.after }),
});
