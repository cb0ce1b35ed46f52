// Request and response schemas shared by the ledger routes (balances, statements, gifts, transfers).
import { z } from 'zod';
import { id, signedAmountPattern, text, timestamp, userId } from './values.js';

/** The ledger's account states (`accountStatuses` of @linli/ledger; a test in the api keeps them equal). */
export const accountStatuses = ['open', 'frozen', 'closed'] as const;

/** Amounts in responses: decimal strings exact at their unit's scale (`"2.50"`, `"-1.00"`). */
export const amountView = z.string().describe('a decimal string such as "2.50"');

/**
 * Hours in a request. Signed on purpose: a negative or zero amount is well-formed and refused by
 * the ledger's own codes (`amount_must_be_positive`, `amount_must_not_be_zero`), as is one with
 * more decimals than HOUR's scale (`amount_scale_exceeded`); anything that is not a decimal at all
 * is `validation_failed`.
 */
export const hoursInput = z
  .string()
  .max(26)
  .regex(signedAmountPattern, 'hours as a decimal string such as "1.50"')
  .describe('hours as a decimal string, e.g. "1.50"');

/**
 * A ledger account id in a path. Ids contain `/` (`member/u-7q3k9x2m/hours`), so clients encode
 * them with `encodeURIComponent` (`member%2Fu-7q3k9x2m%2Fhours`); express decodes the segment.
 */
export const accountIdParam = id.describe('an account id, URL-encoded as one path segment');

/** A statement or journal cursor as the ledger gives it: a journal position. */
export const seqCursor = z.string().regex(/^[0-9]{1,15}$/, 'the `next` of the previous page');

/** The past time of a balance or trial balance: ISO 8601 with an offset. */
export const atQuery = z.iso.datetime({ offset: true }).describe('a past time, ISO 8601 with an offset, e.g. 2025-03-01T00:00:00+08:00');

export const accountView = z.strictObject({
  id: z.string(),
  unit: z.string(),
  name: z.string().describe('the ledger’s name for the account; it never names a person (a member’s hour account is `时间账户 <user id>`)'),
  ownerRef: z.string().nullable(),
  status: z.enum(accountStatuses),
  balance: amountView,
  available: amountView.describe('balance minus pending outgoing holds'),
  held: amountView.describe('on hold: reserved by pending holds going out'),
  incoming: amountView.describe('reserved by pending holds coming in'),
  lowerLimit: amountView.nullable(),
  upperLimit: amountView.nullable(),
});

export const balanceView = z.strictObject({
  account: z.string(),
  unit: z.string(),
  balance: amountView,
  available: amountView,
  held: amountView,
  incoming: amountView,
  at: timestamp.nullable().describe('the past time asked for; null for now (a past balance has no holds)'),
});

export const statementLineView = z.strictObject({
  seq: z.number().int(),
  transactionId: z.string(),
  kind: z.string(),
  memo: z.string(),
  effectiveAt: timestamp,
  recordedAt: timestamp,
  amount: amountView,
  balanceAfter: amountView,
});

/** A page of a ledger listing: `next` is passed back as `cursor`. */
export function cursorPageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    next: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  });
}

export const consentInput = z.strictObject({
  method: z.enum(['in_person', 'phone_call', 'written']).describe('how the member agreed'),
  recordedAt: z.iso.datetime({ offset: true }).describe('when the consent was given'),
  note: text(500).optional().describe('kept sealed in the audit log, never in the journal'),
});

export const onBehalfOfInput = z.strictObject({ member: userId, consent: consentInput });

export const onBehalfOfView = z
  .strictObject({
    member: z.string(),
    consent: z.strictObject({ method: z.enum(['in_person', 'phone_call', 'written']), recordedAt: timestamp }),
  })
  .nullable()
  .describe('set when a coordinator or staff acted for the member');

export const giftRecipientInput = z.union([z.strictObject({ member: userId }), z.literal('pool')]);

export const memoInput = text(200);
