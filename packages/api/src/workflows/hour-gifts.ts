// Hour gifts (赠送时间): a member gives hours from their account to a family member or to the
// pool; a coordinator or staff may record the gift for a member without a phone, with consent.
import { books, type JsonObject, type Transaction } from '@linli/ledger';
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { giftTransactionId } from './ledger-ids.js';
import { explainUnbankedHours, requireMembers } from './member-hours.js';
import type { GiftView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { GiftView } from '@linli/contract';

const { accountIds, bankedHoursFloor, hourGift, refuseNegativeHours } = books;

export type ConsentMethod = 'in_person' | 'phone_call' | 'written';

/** How the member agreed to a request made for them; the note is sealed, never kept in clear. */
export interface Consent {
  method: ConsentMethod;
  recordedAt: string;
  note?: string | undefined;
}

/** A consent is for this request: given at most this long before it, and not in the future (beyond clock skew). */
export const consentAgeMsMax = 30 * 24 * 60 * 60 * 1000;
const clockSkewMsMax = 5 * 60 * 1000;

/** Refuses a consent time in the future or too long ago: `validation_failed` at its pointer. */
export function checkConsentTime(consent: Consent, now: Date): void {
  const at = Date.parse(consent.recordedAt);
  if (at > now.getTime() + clockSkewMsMax || at < now.getTime() - consentAgeMsMax) {
    throw new ApiError('validation_failed', {
      errors: [{ in: 'body', pointer: '/onBehalfOf/consent/recordedAt', detail: 'must be within the last 30 days, not in the future' }],
    });
  }
}

export type GiftRecipient = { member: string } | 'pool';

export interface GiftRequest {
  /** The member whose hours are given. */
  from: string;
  to: GiftRecipient;
  hours: string;
  memo?: string | undefined;
  /** Present when the caller acts for `from`; then the caller is a coordinator or staff. */
  consent?: Consent | undefined;
}

/**
 * Posts an hour gift; the transaction id comes from the Idempotency-Key, so a retry is the same
 * transaction. Refusals: `validation_failed` (a gift to oneself), `not_found` (giver or receiver
 * not a member of this community), and the ledger's `amount_must_be_positive`,
 * `amount_must_not_be_zero`, `amount_scale_exceeded`, `exceeds_lower_limit` (more than the banked
 * hours: the ledger's `exceeds_floor` on the giver's posting, see `explainUnbankedHours`; or past
 * the overdraft), `account_not_found`, `account_frozen`, `account_closed`. Only banked hours are
 * given: the giver's posting carries the floor `bankedHoursFloor`, which the ledger checks as it
 * posts, so gifts at the same instant cannot together give hours that are not there.
 *
 * On a member's behalf, the journal's metadata names the member, the consent (method and time)
 * and the actor; the audit log records the same with the consent note sealed. The note stays out
 * of the journal because the journal can never be changed and is exported to auditors, and a
 * free-text note may name people.
 */
export async function giveHours(deps: Deps, principal: Principal, gift: GiftRequest, idempotencyKey: string): Promise<GiftView> {
  const community = principal.community;
  if (gift.consent === undefined && gift.from !== principal.userId)
    throw new Error('assertion: only a coordinator or staff gives for someone else, with consent');
  if (gift.consent !== undefined) checkConsentTime(gift.consent, deps.now());
  if (gift.to !== 'pool' && gift.to.member === gift.from) {
    throw new ApiError('validation_failed', {
      errors: [{ in: 'body', pointer: '/to/member', detail: 'hours cannot be given to the giver' }],
    });
  }
  const id = giftTransactionId(principal.userId, idempotencyKey);
  await requireMembers(deps, community, [
    { userId: gift.from, pointer: gift.consent === undefined ? 'giver' : '/onBehalfOf/member' },
    ...(gift.to === 'pool' ? [] : [{ userId: gift.to.member, pointer: '/to/member' }]),
  ]);
  refuseNegativeHours(gift.hours);

  const consent =
    gift.consent === undefined ? undefined : { method: gift.consent.method, recordedAt: new Date(gift.consent.recordedAt).toISOString() };
  const metadata: JsonObject | undefined =
    consent === undefined ? undefined : { onBehalfOf: gift.from, consent, actor: principal.userId, actorRole: principal.role };
  let transaction: Transaction;
  try {
    transaction = await deps.ledger.post(
      hourGift({
        community,
        id,
        actor: principal.userId,
        from: gift.from,
        to: gift.to,
        hours: gift.hours,
        memo: gift.memo,
        metadata,
        floor: bankedHoursFloor,
      }),
    );
  } catch (error) {
    throw await explainUnbankedHours(deps, community, gift.from, error);
  }

  if (gift.consent !== undefined && consent !== undefined) {
    const note = gift.consent.note;
    await recordAudit(
      deps.knex,
      {
        community,
        actor: principal.userId,
        action: 'ledger.gift_on_behalf',
        target: `member:${gift.from}`,
        details: {
          transaction: transaction.id,
          hours: transaction.postings[1]?.amount ?? gift.hours,
          to: gift.to === 'pool' ? 'pool' : `member:${gift.to.member}`,
          consentMethod: consent.method,
          consentRecordedAt: consent.recordedAt,
          consentNoteSealed: note === undefined ? null : deps.sealer.seal(note, `${community}/audit/consent/${transaction.id}`),
        },
      },
      deps.now(),
    );
  }
  const giverPosting = transaction.postings.find((posting) => posting.account === accountIds.memberHours(gift.from));
  const receiverPosting = transaction.postings.find((posting) => posting.account !== accountIds.memberHours(gift.from));
  if (giverPosting === undefined || receiverPosting === undefined) throw new Error('assertion: a gift has a giver and a receiver posting');
  return {
    transactionId: transaction.id,
    from: { member: gift.from },
    to: gift.to,
    hours: receiverPosting.amount,
    effectiveAt: transaction.effectiveAt,
    giverBalance: giverPosting.balanceAfter,
    actor: transaction.actor,
    onBehalfOf: consent === undefined ? null : { member: gift.from, consent },
  };
}
