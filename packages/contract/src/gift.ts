// The response of both hour-gift routes.
import { z } from 'zod';
import { timestamp } from './values.js';
import { amountView, onBehalfOfView } from './ledger.js';

export const giftView = z.strictObject({
  transactionId: z.string().describe('derived from the Idempotency-Key: a retry names the same transaction'),
  from: z.strictObject({ member: z.string() }),
  to: z.union([z.strictObject({ member: z.string() }), z.literal('pool')]),
  hours: amountView,
  effectiveAt: timestamp,
  giverBalance: amountView.describe('the giver’s balance right after the gift'),
  actor: z.string().describe('who recorded the gift: the giver, or the coordinator or staff acting for them'),
  onBehalfOf: onBehalfOfView,
});
