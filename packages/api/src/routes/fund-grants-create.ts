// POST /api/v1/funds/:fund/grants: a grant out of a restricted fund for one of its projects.
import { z } from 'zod';
import { defineRoute } from '../routing.js';
import { spendFromFund } from '../workflows/funds.js';
import { fundMovementView } from './fund-schemas.js';
import { managers, memo, positiveAmount, slugCode } from './supermarket-schemas.js';

export const fundGrantsCreate = defineRoute({
  operationId: 'fundGrantsCreate',
  method: 'post',
  path: '/api/v1/funds/:fund/grants',
  summary: 'A grant out of a fund for one of its projects (the fund cannot go below zero)',
  tag: 'funds',
  access: managers,
  idempotent: true,
  request: { params: z.strictObject({ fund: slugCode }), body: z.strictObject({ project: slugCode, amount: positiveAmount.describe('CNY, at most 2 decimals'), memo: memo.optional() }) },
  response: { status: 201, description: 'the movement and the fund’s balance after it', schema: fundMovementView },
  handler: ({ deps, principal, params, body, idempotencyKey }) => spendFromFund(deps, principal, params.fund, body, 'fund_grant', idempotencyKey),
});
