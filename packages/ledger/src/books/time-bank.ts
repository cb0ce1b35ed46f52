// Time bank postings: service credits, hour gifts and the hold a volunteer's acceptance places.
import { AmountDecimal } from '../amount.js';
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
      { account: accountIds.memberHours(gift.from), unit: 'HOUR', amount: negate(gift.hours), ...(gift.floor === undefined ? {} : { floor: gift.floor }) },
      { account: gift.to === 'pool' ? accountIds.hourPool : accountIds.memberHours(gift.to.member), unit: 'HOUR', amount: gift.hours },
    ],
  };
}

/** The reservation placed when a volunteer accepts: the payer's hours are held until approval. */
export function serviceHold(hold: { community: string; id: string; actor: string; volunteer: string; payer: HourPayer; hours: string; expiresAt?: string; memo?: string; metadata?: JsonObject }): HoldInput {
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
