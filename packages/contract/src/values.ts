// The values requests and answers are made of: ids, codes, bounded text, amount strings, paging.
// Amounts cross the api as decimal strings, never numbers.
import { z } from 'zod';

/** A community's code: a lowercase slug, as used at login and as the ledger's community id. */
export const communityCode = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes');

/** Usernames are case-insensitive at login and stored in lowercase. */
export const usernameNew = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lowercase letters, digits, dot, dash, underscore');
export const usernameLogin = z.string().min(1).max(64);

/** Passwords are bounded above too: the hash's cost must not grow with an attacker's input. */
export const passwordLengthMin = 12;
export const passwordLengthMax = 256;
export const passwordNew = z.string().min(passwordLengthMin).max(passwordLengthMax);
export const passwordLogin = z.string().min(1).max(passwordLengthMax);

/** An id as the ledger accepts it (see @linli/ledger `ids.ts`), bounded to 128 characters. */
export const idMax = 128;
export const id = z
  .string()
  .min(1)
  .max(idMax)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, 'letters, digits and ._:/@-');
export const userId = z
  .string()
  .min(3)
  .max(64)
  .regex(/^u-[a-z0-9]{1,62}$/, 'a user id such as u-7q3k9x2m');
export const householdCode = z
  .string()
  .length(8)
  .regex(/^HH-[0-9A-Z]{5}$/, 'a household code such as HH-7Q3K9');

/** Free text shown to people (names, memos): bounded, no control characters except newlines. */
export function text(lengthMax: number) {
  return z
    .string()
    .min(1)
    .max(lengthMax)
    .regex(/^[^\u0000-\u0008\u000B-\u001F\u007F]*$/, 'no control characters');
}

export const displayName = text(100);
export const phone = z
  .string()
  .min(3)
  .max(32)
  .regex(/^\+?[0-9][0-9 -]{1,30}$/, 'digits, spaces, dashes, an optional leading +');
/** Short tags (`zh`, `cooking`), at most 20 of them. */
export const tag = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');
export const tags = z.array(tag).max(20);

/**
 * An amount crosses the API as a decimal string (`"2.50"`), never a JS number, so it is exact.
 * At most 18 digits before the point and 6 after (the ledger's bounds); the unit's own scale is
 * the ledger's check. Signed amounts (limits) use `signedAmount`.
 */
export const amount = z
  .string()
  .max(25)
  .regex(/^(0|[1-9][0-9]{0,17})(\.[0-9]{1,6})?$/, 'a decimal string such as "2.50"');
/** An amount whose pattern lets a minus sign through, for the ledger to refuse or take. */
export const signedAmountPattern = /^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,6})?$/;
export const signedAmount = z.string().max(26).regex(signedAmountPattern, 'a decimal string such as "-2.50"');

/** Page size of list routes: 1 to 100, 50 when absent. Query values are strings. */
export const pageSizeMax = 100;
export const pageSizeDefault = 50;
export const pageLimit = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/, 'an integer from 1 to 100')
  .transform(Number)
  .pipe(z.number().int().min(1).max(pageSizeMax));

export const emptyObject = z.strictObject({});

/** Timestamps in responses: ISO 8601 in UTC. */
export const timestamp = z.iso.datetime();
