// POST /api/v1/donations/cash: money given to a restricted fund.
import { donationsCashCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { donateCash } from '../workflows/donations.js';
import { supermarketWorkers } from '@linli/contract';

export const donationsCashCreate = defineRoute({
  operationId: 'donationsCashCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Record a cash donation to a fund',
  tag: 'funds',
  access: supermarketWorkers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, idempotencyKey }) => donateCash(deps, principal, body, idempotencyKey),
});
