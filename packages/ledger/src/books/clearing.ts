// Clearing (通存通兑): hours moving between two communities, settled or voided together.
import type { Hold } from '../hold.js';
import type { Ledger } from '../ledger.js';
import { LedgerRejection, type RejectionCode } from '../rejections.js';
import type { Transaction } from '../transaction.js';
import { accountIds } from './accounts.js';
import { negate } from './time-bank.js';

export interface HourTransfer {
  /**
   * One id for the whole transfer; each step's id is derived from it, so a rerun resumes. Both
   * communities keep it, so it names nobody (no user id of the sender's community).
   */
  id: string;
  /** Who sent it, as the sender's books record it. */
  actor: string;
  /**
   * Who sent it, as the receiver's books record it: a pseudonym. Nothing that identifies a person
   * crosses from one community's books into another's.
   */
  receiverActor: string;
  from: { community: string; member: string };
  to: { community: string; member: string };
  hours: string;
  memo?: string;
  /** The lowest available balance the sender's hold may leave them with (`HoldInput.floor`); none by default. */
  floor?: string;
}

export type TransferOutcome =
  | { status: 'settled'; credit: Transaction; settlement: Transaction }
  | { status: 'voided'; code: LedgerRejection['code']; detail: string };

/** The rejection a voided transfer answers with: the receiver's refusal of the credit (or `hold_not_pending`). */
export function transferRefusal(outcome: Extract<TransferOutcome, { status: 'voided' }>): LedgerRejection {
  return new LedgerRejection(outcome.code, outcome.detail);
}

/**
 * No SQL transaction spans two communities (each is its own shard), so the transfer is three
 * idempotent steps: (1) a hold in the sender's community, from the member to the receiver's
 * clearing account; (2) a posting in the receiver's community, from the sender's clearing
 * account to the member; (3) the hold posts. If step 2 is refused, the hold is voided instead.
 * Every step is keyed by the transfer id, so after a crash the same call picks up where it
 * stopped and never applies a step twice.
 */
export async function transferHours(sender: Ledger, receiver: Ledger, transfer: HourTransfer): Promise<TransferOutcome> {
  return finishTransfer(sender, receiver, transfer, await holdTransfer(sender, transfer));
}

/**
 * Step 1 alone: the hold in the sender's community. A caller that keeps its own record of the
 * transfer commits it with this step (the sender ledger bound to its database transaction), then
 * calls `finishTransfer`; whoever finds the record unfinished later calls both again.
 */
export async function holdTransfer(sender: Ledger, transfer: HourTransfer): Promise<Hold> {
  return sender.createHold({
    community: transfer.from.community,
    id: `${transfer.id}/hold`,
    kind: 'clearing_transfer',
    actor: transfer.actor,
    from: accountIds.memberHours(transfer.from.member),
    to: accountIds.hourClearing(transfer.to.community),
    unit: 'HOUR',
    amount: transfer.hours,
    memo: transfer.memo,
    metadata: transferMetadata(transfer),
    ...(transfer.floor === undefined ? {} : { floor: transfer.floor }),
  });
}

/**
 * Steps 2 and 3, after the hold: the credit in the receiver's community, then the settlement (or
 * the void, if the credit is refused). `beforeVoid` is told the refusal before the hold is voided,
 * so that the caller can keep it: a later retry finds the hold voided and no refusal to repeat.
 */
export async function finishTransfer(
  sender: Ledger,
  receiver: Ledger,
  transfer: HourTransfer,
  hold: Hold,
  beforeVoid?: (code: RejectionCode, detail: string) => Promise<void>,
): Promise<TransferOutcome> {
  const holdId = hold.id;
  const metadata = transferMetadata(transfer);
  if (hold.status === 'voided') return { status: 'voided', code: 'hold_not_pending', detail: `transfer ${transfer.id} was voided before` };

  // A credit already made (the step was done before a crash) is the one: resuming posts nothing
  // again, even if the pseudonym it was made with has changed since (a new data key).
  const made = await receiver.getTransaction(transfer.to.community, `${transfer.id}/credit`);
  let credit: Transaction;
  try {
    credit =
      made ??
      (await receiver.post({
        community: transfer.to.community,
        id: `${transfer.id}/credit`,
        kind: 'clearing_transfer',
        actor: transfer.receiverActor,
        memo: transfer.memo,
        metadata,
        postings: [
          { account: accountIds.hourClearing(transfer.from.community), unit: 'HOUR', amount: negate(hold.amount) },
          { account: accountIds.memberHours(transfer.to.member), unit: 'HOUR', amount: hold.amount },
        ],
      }));
  } catch (error) {
    if (!(error instanceof LedgerRejection) || hold.status !== 'pending') throw error;
    await beforeVoid?.(error.code, error.detail);
    await sender.voidHold({ community: transfer.from.community, holdId, actor: transfer.actor });
    return { status: 'voided', code: error.code, detail: error.detail };
  }

  const settlement = await sender.postHold({
    community: transfer.from.community,
    holdId,
    transactionId: `${transfer.id}/settle`,
    actor: transfer.actor,
    metadata,
  });
  return { status: 'settled', credit, settlement };
}

function transferMetadata(transfer: HourTransfer): { transfer: string; fromCommunity: string; toCommunity: string } {
  return { transfer: transfer.id, fromCommunity: transfer.from.community, toCommunity: transfer.to.community };
}
