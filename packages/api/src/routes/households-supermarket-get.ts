// GET /api/v1/households/:code/supermarket: what the counter needs: points and remaining quotas, no personal data.
import { householdsSupermarketGet as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { householdSupermarket } from '../workflows/distributions.js';
import { supermarketReaders } from '@linli/contract';

export const householdsSupermarketGet = defineRoute({
  operationId: 'householdsSupermarketGet',
  method: contract.method,
  path: contract.path,
  summary: 'A household’s love points and this month’s remaining quotas',
  tag: 'supermarket',
  access: supermarketReaders,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, params }) => householdSupermarket(deps, principal, params.code),
});
