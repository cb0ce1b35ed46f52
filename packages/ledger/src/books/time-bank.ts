// Time bank postings: service credits, hour gifts and the hold a volunteer's acceptance places.
import { AmountDecimal, formatAmount, parseAmount, type Amount } from '../amount.js';
import { LedgerRejection } from '../rejections.js';
import { standardUnit } from '../unit.js';
import type { HoldInput } from '../hold.js';
import type { JsonObject } from '../json.js';
import type { TransactionInput } from '../transaction.js';
import { accountIds } from './accounts.js';

/** Who pays a volunteer's hours: the member served, the pool (public-benefit needs) or the community (new hours). */
export type HourPayer = { member: string } | 'pool' | 'issuance';

export function payerAccount(payer: HourPayer): string {
  if (payer === 'pool') return accountIds.hourPool;
  if (payer === 'issuance') return accountIds.hourIssuance;
  return accountIds.memberHours(payer.member);
}

export interface ServiceCredit {
  community: string;
  id: string;
  actor: string;
  volunteer: string;
  payer: HourPayer;
  /** Approved hours, e.g. "2.00". */
  hours: string;
  memo?: string;
  effectiveAt?: string;
  metadata?: JsonObject;
}

/** The payer pays the volunteer the approved hours. */
export function serviceCredit(credit: ServiceCredit): TransactionInput {
  return {
    community: credit.community,
    id: credit.id,
    kind: 'service_credit',
    actor: credit.actor,
    memo: credit.memo,
    effectiveAt: credit.effectiveAt,
    metadata: credit.metadata,
    postings: [
      { account: payerAccount(credit.payer), unit: 'HOUR', amount: negate(credit.hours) },
      { account: accountIds.memberHours(credit.volunteer), unit: 'HOUR', amount: credit.hours },
    ],
  };
}

export interface HourGift {
  community: string;
  id: string;
  actor: string;
  from: string;
  /** A member (e.g. the giver's parent) or the pool. */
  to: { member: string } | 'pool';
  hours: string;
  memo?: string;
  metadata?: JsonObject;
  /** The lowest available balance the gift may leave the giver with (`PostingInput.floor`); none by default. */
  floor?: string;
}

export function hourGift(gift: HourGift): TransactionInput {
  return {
    community: gift.community,
    id: gift.id,
    kind: 'hour_gift',
    actor: gift.actor,
    memo: gift.memo,
    metadata: gift.metadata,
    postings: [
      {
        account: accountIds.memberHours(gift.from),
        unit: 'HOUR',
        amount: negate(gift.hours),
        ...(gift.floor === undefined ? {} : { floor: gift.floor }),
      },
      { account: gift.to === 'pool' ? accountIds.hourPool : accountIds.memberHours(gift.to.member), unit: 'HOUR', amount: gift.hours },
    ],
  };
}

/** The reservation placed when a volunteer accepts: the payer's hours are held until approval. */
export function serviceHold(hold: {
  community: string;
  id: string;
  actor: string;
  volunteer: string;
  payer: HourPayer;
  hours: string;
  expiresAt?: string;
  memo?: string;
  metadata?: JsonObject;
}): HoldInput {
  return {
    community: hold.community,
    id: hold.id,
    kind: 'service_credit',
    actor: hold.actor,
    from: payerAccount(hold.payer),
    to: accountIds.memberHours(hold.volunteer),
    unit: 'HOUR',
    amount: hold.hours,
    expiresAt: hold.expiresAt,
    memo: hold.memo,
    metadata: hold.metadata,
  };
}

/** National volunteer-record star levels (星级志愿者): approved hours needed for 1★ to 5★. */
export const starLevelHours = ['100', '300', '600', '1000', '1500'] as const;

export function starLevel(approvedHours: string): number {
  const hours = new AmountDecimal(approvedHours);
  return starLevelHours.filter((threshold) => hours.greaterThanOrEqualTo(threshold)).length;
}

export function negate(amount: string): string {
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}

/** The scale hours are written at: the HOUR unit's. */
export const hourScale = standardUnit('HOUR').scale;

/** Hours written at the HOUR unit's scale (`2.50`); asserts that no digit is lost. */
export function formatHours(value: Amount | string): string {
  return formatAmount(new AmountDecimal(value), hourScale);
}

/**
 * Gifts and transfers spend only banked hours. A member's lower limit lets them go into overdraft
 * to receive service (time banks allow it), but hours given away from an overdraft would be hours
 * made from nothing, so the giver's posting (a transfer's hold) carries this floor, which the
 * ledger checks under the community's write lock in the same step as it posts.
 */
export const bankedHoursFloor = formatHours('0');

/**
 * A negative amount would run a gift or transfer backwards (the receiver would pay), so it is
 * refused with `amount_must_be_positive` before the posting is built; zero and too many decimals
 * are left to the posting, which answers `amount_must_not_be_zero` and `amount_scale_exceeded`
 * in the ledger's precedence with the posting's other checks.
 */
export function refuseNegativeHours(hours: string): void {
  if (hours.startsWith('-') && !new AmountDecimal(hours).isZero())
    throw new LedgerRejection('amount_must_be_positive', 'hours must be more than zero');
}

/**
 * Hours to be given, parsed at the HOUR unit's scale before anything is written. Rejections, in
 * the ledger's order: amount_invalid, amount_must_not_be_zero, amount_must_be_positive,
 * amount_scale_exceeded, amount_exceeds_maximum.
 */
export function parseHoursToGive(hours: string): Amount {
  const parsed = parseAmount(hours, hourScale, 'positive');
  if (!parsed.ok) throw new LedgerRejection(parsed.refusal.code, parsed.refusal.detail);
  return parsed.value;
}

/**
 * The refusal of hours the giver has not banked, as the service has always answered it:
 * `exceeds_lower_limit` (one code for "not enough hours", floor or overdraft alike), saying how
 * many are available (none when the member has no hour account yet).
 */
export function unbankedHours(available: string | undefined): LedgerRejection {
  return new LedgerRejection('exceeds_lower_limit', `only banked hours can be given: ${available ?? bankedHoursFloor} available`);
}

/**
 * Before anything is written, the giver's hour account exists and its available balance covers
 * the hours. Only a courtesy read: the rule itself is the floor, checked as the ledger posts.
 * Rejections: account_not_found, exceeds_lower_limit.
 */
export function requireBankedHours(member: string, available: string | undefined, hours: Amount): void {
  if (available === undefined) throw new LedgerRejection('account_not_found', `member ${member} has no hour account`);
  if (hours.greaterThan(available)) throw unbankedHours(available);
}
