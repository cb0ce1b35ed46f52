// POST /api/v1/clearing/transfers: a member sends hours to a member of another community (members).
import { z } from 'zod';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { sendTransfer } from '../workflows/clearing-transfers.js';
import { transferInput, transferView } from './transfer-schemas.js';

export const clearingTransfersCreate = defineRoute({
  operationId: 'clearingTransfersCreate',
  method: 'post',
  path: '/api/v1/clearing/transfers',
  summary: 'Send my hours to a member of another community (通存通兑)',
  tag: 'ledger',
  access: ['member'],
  idempotent: true,
  // Two communities' books, step by step: see `sendTransfer`.
  resumable: true,
  request: { body: z.strictObject(transferInput) },
  response: { status: 201, description: 'the settled transfer', schema: transferView },
  handler: ({ deps, principal, body, idempotencyKey }) => {
    if (idempotencyKey === undefined) throw new ApiError('idempotency_key_required');
    return sendTransfer(deps, principal, { from: principal.userId, ...body }, idempotencyKey);
  },
});
