// POST /api/v1/donations/in-kind: goods given to a store; one linked batch, so all lines or none.
import { donationsInKindCreate as contract } from '@linli/contract';
import { defineRoute } from '../routing.js';
import { donateInKind } from '../workflows/donations.js';
import { supermarketWorkers } from '@linli/contract';

export const donationsInKindCreate = defineRoute({
  operationId: 'donationsInKindCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Record a donation in kind (fair value and method recorded on the ledger)',
  tag: 'supermarket',
  access: supermarketWorkers,
  idempotent: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, idempotencyKey }) => donateInKind(deps, principal, body, idempotencyKey),
});
