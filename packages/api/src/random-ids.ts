// Random identifiers: user ids and household codes, never derived from personal data.
import { randomInt } from 'node:crypto';

/** Crockford's base-32 digits: no I, L, O or U, so codes read aloud or handwritten are unambiguous. */
const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomText(length: number, alphabet: string): string {
  let text = '';
  for (let index = 0; index < length; index += 1) text += alphabet[randomInt(alphabet.length)];
  return text;
}

/** `u-` and 12 characters (60 bits): collisions are negligible, and the insert would refuse one. */
export function newUserId(): string {
  return `u-${randomText(12, crockford.toLowerCase())}`;
}

/**
 * A user id as `newUserId` makes them, wherever it stands in a text (an account id, a transaction
 * id, a JSON answer): not inside a longer word, so `menu-…` or an item `u-disk` is not one.
 */
export const userIdInText = /(?<![A-Za-z0-9])u-[0-9a-hjkmnp-tv-z]{12}(?![A-Za-z0-9])/g;

/**
 * `HH-7Q3K9`: 5 characters (about 33 million codes), short enough to read out at the supermarket
 * counter. A collision inside a community is caught by the primary key and retried.
 */
export function newHouseholdCode(): string {
  return `HH-${randomText(5, crockford)}`;
}

/** `ap-` and 10 characters (50 bits): an application's reference, read out or typed by the applicant; its secret guards it. */
export function newApplicationReference(): string {
  return `ap-${randomText(10, crockford.toLowerCase())}`;
}
