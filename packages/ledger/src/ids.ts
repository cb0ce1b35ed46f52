// Identifiers: the shapes accepted for ids of communities, accounts, transactions, holds and actors.
import { idLengthMax } from './limits.js';

/**
 * Letters, digits and a few separators; `/` allows readable account ids such as
 * `member/u-17/hours` or `community/hours/pool`. No spaces or control characters, so ids are
 * safe in CSV, in hledger account names and in URLs once encoded.
 */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= idLengthMax && idPattern.test(value);
}

/** Transaction kinds are snake_case words: `service_credit`, `donation_in_kind`. */
const kindPattern = /^[a-z][a-z0-9_]{0,63}$/;

export function isKind(value: unknown): value is string {
  return typeof value === 'string' && kindPattern.test(value);
}
