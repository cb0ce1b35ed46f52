// POST /api/v1/clearing/transfers/on-behalf: a coordinator or staff sends a member's hours to
// another community for them, with how the member consented (see gifts-create-on-behalf.ts for
// why this is a route of its own).
import { clearingTransfersCreateOnBehalf as contract } from '@linli/contract';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { sendTransfer } from '../workflows/clearing-transfers.js';

export const clearingTransfersCreateOnBehalf = defineRoute({
  operationId: 'clearingTransfersCreateOnBehalf',
  method: contract.method,
  path: contract.path,
  summary: 'Send a member’s hours to another community for them, with their consent (audited)',
  tag: 'ledger',
  access: ['coordinator', 'staff'],
  idempotent: true,
  // Two communities' books, step by step: see `sendTransfer`.
  resumable: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, idempotencyKey }) => {
    if (idempotencyKey === undefined) throw new ApiError('idempotency_key_required');
    const { onBehalfOf, ...transfer } = body;
    return sendTransfer(deps, principal, { from: onBehalfOf.member, consent: onBehalfOf.consent, ...transfer }, idempotencyKey);
  },
});
