// POST /api/v1/gifts: a member gives hours from their own account to a member or the pool (members).
import { z } from 'zod';
import { ApiError } from '../http-errors.js';
import { defineRoute } from '../routing.js';
import { giveHours } from '../workflows/hour-gifts.js';
import { giftView } from './gift-schemas.js';
import { giftRecipientInput, hoursInput, memoInput } from './ledger-schemas.js';

export const giftsCreate = defineRoute({
  operationId: 'giftsCreate',
  method: 'post',
  path: '/api/v1/gifts',
  summary: 'Give my hours to a family member or the pool (only banked hours)',
  tag: 'ledger',
  access: ['member'],
  idempotent: true,
  request: { body: z.strictObject({ to: giftRecipientInput, hours: hoursInput, memo: memoInput.optional() }) },
  response: { status: 201, description: 'the gift, as posted', schema: giftView },
  handler: ({ deps, principal, body, idempotencyKey }) => {
    if (idempotencyKey === undefined) throw new ApiError('idempotency_key_required');
    return giveHours(deps, principal, { from: principal.userId, to: body.to, hours: body.hours, memo: body.memo }, idempotencyKey);
  },
});
