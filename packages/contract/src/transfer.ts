// Request and response schemas of the transfers between communities (通存通兑).
import { z } from 'zod';
import { communityCode, timestamp, userId } from './values.js';
import { amountView, hoursInput, memoInput, onBehalfOfView } from './ledger.js';

export const transferInput = {
  toCommunity: communityCode.describe('the receiving community’s code'),
  toMember: userId.describe('the receiving member’s user id in that community'),
  hours: hoursInput,
  memo: memoInput.optional(),
};

export const transferView = z.strictObject({
  id: z.string().describe('derived from the Idempotency-Key'),
  direction: z.enum(['outgoing', 'incoming']),
  status: z
    .enum(['pending', 'settled', 'voided', 'expired'])
    .describe('pending: the sender’s hold is placed and the transfer not yet finished'),
  hours: amountView,
  from: z.strictObject({ community: z.string(), member: z.string().nullable().describe('null on the receiving side') }),
  to: z.strictObject({ community: z.string(), member: z.string().nullable() }),
  actor: z.string(),
  onBehalfOf: onBehalfOfView,
  createdAt: timestamp,
});
