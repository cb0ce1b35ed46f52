// GET /api/v1/funds: the funds with their balances and what each project spent.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { pageLimit, pageSizeDefault } from '../validation.js';
import { listFunds } from '../workflows/funds.js';
import { fundView } from './fund-schemas.js';
import { pageOf } from './shared-schemas.js';
import { slugCode, supermarketReaders } from './supermarket-schemas.js';

export const fundsList = defineRoute({
  operationId: 'fundsList',
  method: 'get',
  path: '/api/v1/funds',
  summary: 'Funds with balances',
  tag: 'funds',
  access: supermarketReaders,
  request: { query: z.strictObject({ limit: pageLimit.optional(), after: slugCode.optional() }) },
  response: { status: 200, description: 'a page of funds by code', schema: pageOf(fundView) },
  handler: ({ deps, principal, query }) => listFunds(deps, principal.community, { limit: query.limit ?? pageSizeDefault, after: query.after }),
});
