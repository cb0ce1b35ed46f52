// One-time passwords that an operator reads out or passes on: random, unambiguous, easy to type.
import { randomInt } from 'node:crypto';

/** No 0/o, 1/l/i: the password is read off a terminal and typed on a phone. */
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
const groups = 4;
const groupLength = 4;

/**
 * `k7m2-xq9p-…`: 16 characters from 31 (about 79 bits), dashes between groups of four. The holder
 * must change it at first login (`users.must_change_password`), so it only has to survive until then.
 */
export function newOneTimePassword(): string {
  const parts: string[] = [];
  for (let group = 0; group < groups; group += 1) {
    let part = '';
    for (let index = 0; index < groupLength; index += 1) part += alphabet[randomInt(alphabet.length)];
    parts.push(part);
  }
  return parts.join('-');
}
