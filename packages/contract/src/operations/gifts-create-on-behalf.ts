// The contract of POST /api/v1/gifts/on-behalf: what it takes and what it answers.
import { z } from 'zod';
import { giftView } from '../gift.js';
import { giftRecipientInput, hoursInput, memoInput, onBehalfOfInput } from '../ledger.js';

export const giftsCreateOnBehalf = {
  method: 'post',
  path: '/api/v1/gifts/on-behalf',
  request: { body: z.strictObject({ onBehalfOf: onBehalfOfInput, to: giftRecipientInput, hours: hoursInput, memo: memoInput.optional() }) },
  response: { status: 201, description: 'the gift, as posted', schema: giftView },
} as const;
