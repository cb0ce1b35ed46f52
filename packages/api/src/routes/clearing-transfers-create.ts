// POST /api/v1/clearing/transfers: a member sends hours to a member of another community (members).
import { clearingTransfersCreate as contract } from '@linli/contract';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { sendTransfer } from '../workflows/clearing-transfers.js';

export const clearingTransfersCreate = defineRoute({
  operationId: 'clearingTransfersCreate',
  method: contract.method,
  path: contract.path,
  summary: 'Send my hours to a member of another community (通存通兑)',
  tag: 'ledger',
  access: ['member'],
  idempotent: true,
  // Two communities' books, step by step: see `sendTransfer`.
  resumable: true,
  request: contract.request,
  response: contract.response,
  handler: ({ deps, principal, body, idempotencyKey }) => {
    if (idempotencyKey === undefined) throw new ApiError('idempotency_key_required');
    return sendTransfer(deps, principal, { from: principal.userId, ...body }, idempotencyKey);
  },
});
