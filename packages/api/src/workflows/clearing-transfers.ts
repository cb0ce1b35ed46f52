// Hours sent to a member of another community (通存通兑), through the clearing accounts of the
// two communities; both are on this service's database but are separate books (and shards).
import { LedgerRejection, books, isRejectionCode, type Hold, type Ledger, type RejectionCode } from '@linli/ledger';

type HourTransfer = books.HourTransfer;
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import { findCommunity } from '../communities.js';
import { toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { inRequestTransaction } from '../request-transaction.js';
import { checkConsentTime, type Consent, type ConsentMethod } from './hour-gifts.js';
import { fromAuditorView } from '../privacy/auditor-view.js';
import { userIdInText } from '../random-ids.js';
import { legacyTransferId } from './ledger-ids.js';
import { explainUnbankedHours, requireMember } from './member-hours.js';
import type { TransferView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { TransferView } from '@linli/contract';

const { accountIds, bankedHoursFloor, finishTransfer, holdTransfer, parseHoursToGive, refuseNegativeHours, requireBankedHours } = books;

export interface TransferRequest {
  from: string;
  toCommunity: string;
  toMember: string;
  hours: string;
  memo?: string | undefined;
  /** Present when a coordinator or staff sends the transfer for `from`. */
  consent?: Consent | undefined;
}

export type TransferStatus = 'pending' | 'settled' | 'voided' | 'expired';

interface TransferRow {
  id: string;
  from_member: string;
  to_community: string;
  to_member: string;
  hours: string;
  actor: string;
  on_behalf_consent: { method: ConsentMethod; recordedAt: string } | string | null;
  created_at: Date | string;
}

/** The two sides of the clearing between two communities: each community's account for the other. */
function clearingSides(from: string, to: string): readonly (readonly [community: string, counterpart: string])[] {
  return [
    [from, to],
    [to, from],
  ];
}

/** Whether both clearing accounts between the two communities are open. */
export async function clearingAccountsOpen(ledger: Ledger, from: string, to: string): Promise<boolean> {
  for (const [community, counterpart] of clearingSides(from, to)) {
    if ((await ledger.getAccount(community, accountIds.hourClearing(counterpart))) === undefined) return false;
  }
  return true;
}

/**
 * Opens the pair of clearing accounts between two communities when the first transfer needs
 * them: `clearing/<to>/hours` in the sender's books and `clearing/<from>/hours` in the
 * receiver's, without limits (each side's balance is what the other owes, in either direction).
 * An account already open is left as it is, whatever its name.
 */
export async function openClearingAccounts(ledger: Ledger, from: string, to: string): Promise<void> {
  for (const [community, counterpart] of clearingSides(from, to)) {
    const id = accountIds.hourClearing(counterpart);
    if ((await ledger.getAccount(community, id)) !== undefined) continue;
    await ledger.openAccount({
      community,
      id,
      unit: 'HOUR',
      name: `通存通兑 ${counterpart} Clearing with ${counterpart}`,
      lowerLimit: null,
    });
  }
}

/**
 * Sends hours to a member of another community. The transfer id comes from the Idempotency-Key,
 * and each step is keyed by it, so a retry completes the transfer or gets the same result.
 * Refusals: `validation_failed` (the own community), `not_found` (no such sending member or
 * receiving community), the ledger's `amount_*` codes and `exceeds_lower_limit` for the sender's
 * hold (more than the banked hours: the hold carries the floor `bankedHoursFloor`, which the
 * ledger checks as it places the hold; or past the overdraft); when the receiving side refuses
 * the credit (`account_not_found`: no such member there; `account_frozen`, …), the hold is
 * voided and its code is the answer.
 *
 * The steps: (1) the hold in the sender's books, the transfer's row and nothing else, committed
 * together; (2) the credit in the receiver's books; (3) the settlement; then the row is marked
 * finished (and a transfer made for a member is audit-logged). The route is resumable: if the
 * request is cut off after step 1, a retry with the same key, or else the server's sweep
 * (`finishInterruptedTransfers`), carries out the rest.
 */
export async function sendTransfer(
  deps: Deps,
  principal: Principal,
  request: TransferRequest,
  idempotencyKey: string,
): Promise<TransferView> {
  const community = principal.community;
  if (request.consent === undefined && request.from !== principal.userId)
    throw new Error('assertion: only a coordinator or staff sends for someone else, with consent');
  if (request.consent !== undefined) checkConsentTime(request.consent, deps.now());
  if (request.toCommunity === community) {
    throw new ApiError('validation_failed', {
      errors: [{ in: 'body', pointer: '/toCommunity', detail: 'must be another community; use a gift within the community' }],
    });
  }
  await requireMember(deps, community, request.from, request.consent === undefined ? 'sender' : '/onBehalfOf/member');
  if ((await findCommunity(deps.knex, request.toCommunity)) === undefined)
    throw new ApiError('not_found', { detail: 'no such community (/toCommunity)' });
  refuseNegativeHours(request.hours);
  // The amount's own refusals (zero, past the scale) come before the clearing accounts are opened,
  // so that a refused first transfer between two communities leaves both books as they were.
  const hours = parseHoursToGive(request.hours);
  const id = await transferIdOf(deps, community, principal.userId, idempotencyKey);
  if (!(await clearingAccountsOpen(deps.ledger, community, request.toCommunity))) {
    // The first transfer between the two communities opens their clearing accounts; one the
    // sender's hours cannot pay is refused before it does, so that the refusal leaves the books
    // as they were. This read only spares the accounts: the rule is the hold's floor below,
    // checked by the ledger as it places the hold. A transfer that passes here at the same
    // instant as another spends the hours can still be refused there, leaving the two accounts
    // open and empty for the next transfer.
    const balance = await deps.ledger.balance(community, accountIds.memberHours(request.from));
    requireBankedHours(request.from, balance?.available, hours);
    await openClearingAccounts(deps.ledger, community, request.toCommunity);
  }

  const transfer: HourTransfer = {
    id,
    actor: principal.userId,
    receiverActor: deps.pseudonyms.person(request.toCommunity, principal.userId),
    from: { community, member: request.from },
    to: { community: request.toCommunity, member: request.toMember },
    hours: request.hours,
    ...(request.memo === undefined ? {} : { memo: request.memo }),
    floor: bankedHoursFloor,
  };
  const consent =
    request.consent === undefined
      ? null
      : { method: request.consent.method, recordedAt: new Date(request.consent.recordedAt).toISOString() };
  // Step 1 and the row together: a transfer the ledger refused at once leaves no row, and a row
  // always has its hold.
  const hold = await inRequestTransaction(deps, async (transaction) => {
    const held = await holdTransfer(deps.ledger.bound(transaction), transfer);
    await transaction('clearing_transfers')
      .insert({
        community_id: community,
        id,
        from_member: request.from,
        to_community: request.toCommunity,
        to_member: request.toMember,
        hours: held.amount,
        actor: principal.userId,
        on_behalf_consent: consent === null ? null : JSON.stringify(consent),
        created_at: deps.now(),
      })
      .onConflict(['community_id', 'id'])
      .ignore();
    return held;
  }).catch(async (error: unknown) => {
    // Explained after the transaction ended (PGlite has one connection).
    throw await explainUnbankedHours(deps, community, request.from, error);
  });
  const outcome = await finishTransfer(deps.ledger, deps.ledger, transfer, hold, recordVoidReason(deps, community, id));
  await markFinished(deps, community, id, outcome.status, request.consent?.note);
  if (outcome.status === 'voided') throw await voidRefusal(deps, community, id, outcome);
  return getTransfer(deps, principal, id);
}

/** Keeps the receiving side's refusal on the transfer's row, before its hold is voided. */
function recordVoidReason(deps: Deps, community: string, id: string): (code: RejectionCode, detail: string) => Promise<void> {
  return async (code, detail) => {
    await deps
      .knex('clearing_transfers')
      .where({ community_id: community, id })
      .update({ void_code: code, void_detail: detail.slice(0, 2_000) });
  };
}

/**
 * The refusal a voided transfer answers with: the receiving side's, as the first attempt answered.
 * A retry finds the hold voided already (the ledger says `hold_not_pending`) and answers with the
 * refusal kept on the row; only a transfer voided before reasons were kept says "voided before".
 */
async function voidRefusal(
  deps: Deps,
  community: string,
  id: string,
  outcome: { code: RejectionCode; detail: string },
): Promise<LedgerRejection> {
  if (outcome.code !== 'hold_not_pending') return new LedgerRejection(outcome.code, outcome.detail);
  const row = (await deps.knex('clearing_transfers').select('void_code', 'void_detail').where({ community_id: community, id }).first()) as
    | { void_code: string | null; void_detail: string | null }
    | undefined;
  if (row?.void_code === null || row?.void_code === undefined || !isRejectionCode(row.void_code))
    return new LedgerRejection(outcome.code, outcome.detail);
  return new LedgerRejection(row.void_code, row.void_detail ?? '');
}

/**
 * Marks a transfer finished, once; a transfer made for a member is audit-logged then, with its
 * outcome (the consent note sealed; the receiving side is in the transfer's row, not repeated).
 */
async function markFinished(
  deps: Deps,
  community: string,
  id: string,
  status: 'settled' | 'voided',
  note: string | undefined,
): Promise<void> {
  await inRequestTransaction(deps, async (transaction) => {
    const [row] = (await transaction('clearing_transfers')
      .where({ community_id: community, id })
      .whereNull('finished_at')
      .update({ finished_at: deps.now() })
      .returning(['actor', 'from_member', 'hours', 'on_behalf_consent'])) as Pick<
      TransferRow,
      'actor' | 'from_member' | 'hours' | 'on_behalf_consent'
    >[];
    if (row === undefined || row.on_behalf_consent === null) return;
    const consent =
      typeof row.on_behalf_consent === 'string'
        ? (JSON.parse(row.on_behalf_consent) as { method: ConsentMethod; recordedAt: string })
        : row.on_behalf_consent;
    await recordAudit(
      transaction,
      {
        community,
        actor: row.actor,
        action: 'ledger.transfer_on_behalf',
        target: `member:${row.from_member}`,
        details: {
          transfer: id,
          hours: row.hours,
          status,
          consentMethod: consent.method,
          consentRecordedAt: consent.recordedAt,
          consentNoteSealed: note === undefined ? null : deps.sealer.seal(note, `${community}/audit/consent/${id}`),
        },
      },
      deps.now(),
    );
  });
}

/** Transfers finished per sweep at most; the next sweep takes the rest. */
export const interruptedTransfersPerSweepMax = 100;

/**
 * Finishes the transfers of a community whose request was cut off after their first step (their
 * row has no `finished_at` and is older than `olderThanMs`): the credit and settlement, or the
 * void, exactly as the request would have. Returns how many it finished. The sweep cannot know a
 * consent note (it is never stored in clear), so an audit entry it writes has none.
 */
export async function finishInterruptedTransfers(deps: Deps, community: string, olderThanMs: number): Promise<number> {
  const before = new Date(deps.now().getTime() - olderThanMs);
  const rows = (await deps
    .knex('clearing_transfers')
    .select('id', 'from_member', 'to_community', 'to_member', 'hours', 'actor')
    .where({ community_id: community })
    .whereNull('finished_at')
    .andWhere('created_at', '<', before)
    .orderBy('created_at')
    .limit(interruptedTransfersPerSweepMax)) as Pick<
    TransferRow,
    'id' | 'from_member' | 'to_community' | 'to_member' | 'hours' | 'actor'
  >[];
  for (const row of rows) {
    const hold = await deps.ledger.getHold(community, `${row.id}/hold`);
    if (hold === undefined) throw new Error(`assertion: transfer ${row.id} has its hold`);
    const transfer: HourTransfer = {
      id: row.id,
      actor: row.actor,
      receiverActor: deps.pseudonyms.person(row.to_community, row.actor),
      from: { community, member: row.from_member },
      to: { community: row.to_community, member: row.to_member },
      hours: row.hours,
      ...(hold.memo === '' ? {} : { memo: hold.memo }),
    };
    const outcome = await finishTransfer(deps.ledger, deps.ledger, transfer, hold, recordVoidReason(deps, community, row.id));
    await markFinished(deps, community, row.id, outcome.status, undefined);
    deps.logger.info({ community, transfer: row.id, status: outcome.status }, 'interrupted transfer finished');
  }
  return rows.length;
}

/**
 * The id of the transfer `userId` sends with an Idempotency-Key: `xfer:<40 hex>`, which names
 * nobody in the receiving community's books (crypto/pseudonyms.ts). A transfer already begun (its
 * hold placed) under an id of a previous data key or of the old form keeps that id, so a retry
 * resumes it rather than starting a second transfer.
 */
async function transferIdOf(deps: Deps, community: string, userId: string, idempotencyKey: string): Promise<string> {
  const [current, ...earlier] = deps.pseudonyms.transferIds(community, userId, idempotencyKey);
  if (current === undefined) throw new Error('assertion: there is a current key');
  for (const candidate of [current, ...earlier, legacyTransferId(userId, idempotencyKey)]) {
    if ((await deps.ledger.getHold(community, `${candidate}/hold`)) !== undefined) return candidate;
  }
  return current;
}

/** An actor of this community's books as shown here: a user id of another community (in a transfer credited before such actors were pseudonyms) as its pseudonym. */
async function actorShownIn(deps: Deps, community: string, actor: string): Promise<string> {
  if (actor.replace(userIdInText, '') !== '') return actor;
  const local = await deps.knex('users').select('id').where({ community_id: community, id: actor }).first();
  return local === undefined ? deps.pseudonyms.person(community, actor) : actor;
}

/**
 * One transfer as the caller's community sees it: sent from here (its row and the hold's status)
 * or received here (the credit posting). A member sees only transfers from or to their own
 * account; anything else is `not_found`, as if it did not exist.
 */
export async function getTransfer(deps: Deps, principal: Principal, asked: string): Promise<TransferView> {
  const community = principal.community;
  // An auditor reads an id of the old form with the sender's pseudonym in it.
  const id = await fromAuditorView(deps.knex, deps.pseudonyms, principal, asked);
  const notFound = new ApiError('not_found', { detail: 'no such transfer' });
  const row = (await deps
    .knex('clearing_transfers')
    .select('id', 'from_member', 'to_community', 'to_member', 'hours', 'actor', 'on_behalf_consent', 'created_at')
    .where({ community_id: community, id })
    .first()) as TransferRow | undefined;
  if (row !== undefined) {
    if (principal.role === 'member' && row.from_member !== principal.userId) throw notFound;
    const hold = await deps.ledger.getHold(community, `${id}/hold`);
    if (hold === undefined) throw new Error(`assertion: transfer ${id} has its hold`);
    const consent =
      typeof row.on_behalf_consent === 'string'
        ? (JSON.parse(row.on_behalf_consent) as { method: ConsentMethod; recordedAt: string })
        : row.on_behalf_consent;
    return {
      id,
      direction: 'outgoing',
      status: statusOf(hold),
      hours: row.hours,
      from: { community, member: row.from_member },
      to: { community: row.to_community, member: row.to_member },
      actor: row.actor,
      onBehalfOf: consent === null ? null : { member: row.from_member, consent },
      createdAt: toIso(row.created_at),
    };
  }
  const credit = await deps.ledger.getTransaction(community, `${id}/credit`);
  const receiving =
    credit?.kind === 'clearing_transfer' ? credit.postings.find((posting) => posting.account.startsWith('member/')) : undefined;
  if (credit === undefined || receiving === undefined) throw notFound;
  const receiver = receiving.account.slice('member/'.length, -'/hours'.length);
  if (principal.role === 'member' && receiver !== principal.userId) throw notFound;
  const fromCommunity = credit.metadata['fromCommunity'];
  return {
    id,
    direction: 'incoming',
    status: 'settled',
    hours: receiving.amount,
    // The sending member is in the sender's books, which this community does not read.
    from: { community: typeof fromCommunity === 'string' ? fromCommunity : '', member: null },
    to: { community, member: receiver },
    // The sender's pseudonym here (or, credited before, their user id shown as one).
    actor: await actorShownIn(deps, community, credit.actor),
    onBehalfOf: null,
    createdAt: credit.recordedAt,
  };
}

function statusOf(hold: Hold): TransferStatus {
  if (hold.status === 'posted') return 'settled';
  return hold.status;
}
