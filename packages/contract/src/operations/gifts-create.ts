// The contract of POST /api/v1/gifts: what it takes and what it answers.
import { z } from 'zod';
import { giftView } from '../gift.js';
import { giftRecipientInput, hoursInput, memoInput } from '../ledger.js';

export const giftsCreate = {
  method: 'post',
  path: '/api/v1/gifts',
  request: { body: z.strictObject({ to: giftRecipientInput, hours: hoursInput, memo: memoInput.optional() }) },
  response: { status: 201, description: 'the gift, as posted', schema: giftView },
} as const;
