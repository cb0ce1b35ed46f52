// POST /api/v1/clearing/transfers/on-behalf: a coordinator or staff sends a member's hours to
// another community for them, with how the member consented (see gifts-create-on-behalf.ts for
// why this is a route of its own).
import { z } from 'zod';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { sendTransfer } from '../workflows/clearing-transfers.js';
import { onBehalfOfInput } from './ledger-schemas.js';
import { transferInput, transferView } from './transfer-schemas.js';

export const clearingTransfersCreateOnBehalf = defineRoute({
  operationId: 'clearingTransfersCreateOnBehalf',
  method: 'post',
  path: '/api/v1/clearing/transfers/on-behalf',
  summary: 'Send a member’s hours to another community for them, with their consent (audited)',
  tag: 'ledger',
  access: ['coordinator', 'staff'],
  idempotent: true,
  // Two communities' books, step by step: see `sendTransfer`.
  resumable: true,
  request: { body: z.strictObject({ onBehalfOf: onBehalfOfInput, ...transferInput }) },
  response: { status: 201, description: 'the settled transfer', schema: transferView },
  handler: ({ deps, principal, body, idempotencyKey }) => {
    if (idempotencyKey === undefined) throw new ApiError('idempotency_key_required');
    const { onBehalfOf, ...transfer } = body;
    return sendTransfer(deps, principal, { from: onBehalfOf.member, consent: onBehalfOf.consent, ...transfer }, idempotencyKey);
  },
});
