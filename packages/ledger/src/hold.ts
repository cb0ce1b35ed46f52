// Holds: an amount reserved from one account for another, later posted (in full or part), voided or expired.
import { parseAmount } from './amount.js';
import { sha256Hex } from './chain.js';
import { isId } from './ids.js';
import { canonicalJson, type JsonObject } from './json.js';
import { earliestRefusal, refuse } from './rejections.js';
import { parseInstant, prepareDescriptive, refused, sealTransaction, type Prepared, type PreparedTransaction } from './transaction.js';
import type { Unit } from './unit.js';

export type HoldStatus = 'pending' | 'posted' | 'voided' | 'expired';

export interface HoldInput {
  community: string;
  id: string;
  kind: string;
  actor: string;
  /** The account the amount is reserved from (its available balance drops now). */
  from: string;
  /** The account it will go to when posted. */
  to: string;
  unit: string;
  /** Positive. */
  amount: string;
  memo?: string | undefined;
  metadata?: JsonObject | undefined;
  /** When the hold lapses if neither posted nor voided; none by default. */
  expiresAt?: string | undefined;
  /**
   * The lowest available balance the hold may leave `from` with, beside its lower limit
   * (`exceeds_floor`): as a posting's floor (`PostingInput.floor`), a condition of this write that
   * the body hash leaves out, so a retry of a created hold gets it back without the floor being
   * checked again. Posting the hold later needs none: it never lowers the available balance.
   */
  floor?: string | undefined;
}

export interface Hold {
  community: string;
  id: string;
  kind: string;
  actor: string;
  from: string;
  to: string;
  unit: string;
  amount: string;
  memo: string;
  metadata: JsonObject;
  status: HoldStatus;
  expiresAt: string | null;
  createdAt: string;
  resolvedAt: string | null;
  /** What was posted, when posted: at most `amount`; the rest went back. */
  postedAmount: string | null;
  /** The transaction that posted it. */
  transactionId: string | null;
}

export interface PreparedHold {
  id: string;
  kind: string;
  actor: string;
  from: string;
  to: string;
  unit: string;
  amount: string;
  memo: string;
  metadata: JsonObject;
  expiresAt: string | null;
  /** At the unit's scale; null for none. Not in the body hash. */
  floor: string | null;
  bodyHash: string;
}

export function prepareHold(input: HoldInput, units: ReadonlyMap<string, Unit>, now: string): Prepared<PreparedHold> {
  const fields = prepareDescriptive({ ...input, effectiveAt: undefined });
  if (!fields.ok) return fields;
  let expiresAt: string | null = null;
  if (input.expiresAt !== undefined) {
    expiresAt = parseInstant(input.expiresAt);
    if (expiresAt === null) return refused('expires_at_invalid', 'expiresAt must be an ISO 8601 time with an offset');
    if (expiresAt <= now) return refused('expires_at_invalid', `expiresAt ${expiresAt} is not after now (${now})`);
  }
  if (!isId(input.from) || !isId(input.to)) return refused('account_id_invalid', 'from and to must be valid account ids');
  const unit = units.get(input.unit);
  if (unit === undefined) return refused('unit_not_found', `unit ${String(input.unit).slice(0, 80)} is not defined`);
  const amount = parseAmount(input.amount, unit.scale, 'positive');
  const floor = input.floor === undefined ? undefined : parseAmount(input.floor, unit.scale, 'any');
  // The amount and the floor are checked together: the earlier code wins, the amount's on a tie.
  const refusal = earliestRefusal([
    amount.ok ? undefined : amount.refusal,
    floor === undefined || floor.ok ? undefined : refuse(floor.refusal.code, `floor: ${floor.refusal.detail}`),
  ]);
  if (refusal !== undefined) return { ok: false, refusal };
  if (!amount.ok || floor?.ok === false) throw new Error('assertion: every refusal of the amount and the floor is returned above');
  if (input.from === input.to) return refused('accounts_must_differ', 'a hold moves an amount between two different accounts');
  const { id, kind, actor, memo, metadata } = fields.value;
  const body = {
    id,
    kind,
    actor,
    memo,
    metadata,
    from: input.from,
    to: input.to,
    unit: unit.code,
    amount: amount.value.toFixed(unit.scale),
    expiresAt,
  };
  return {
    ok: true,
    value: { ...body, floor: floor === undefined ? null : floor.value.toFixed(unit.scale), bodyHash: sha256Hex(canonicalJson(body)) },
  };
}

export interface HoldPostInput {
  community: string;
  holdId: string;
  /** The id of the transaction that posting creates (idempotency). */
  transactionId: string;
  actor: string;
  /** At most the hold's amount; defaults to all of it. The rest is released. */
  amount?: string | undefined;
  memo?: string | undefined;
  metadata?: JsonObject | undefined;
  effectiveAt?: string | undefined;
}

/** Builds the transaction that posts a hold, from the hold's immutable fields. */
export function prepareHoldPost(
  input: HoldPostInput,
  hold: Hold,
  units: ReadonlyMap<string, Unit>,
  now: string,
): Prepared<PreparedTransaction> {
  const fields = prepareDescriptive({ ...input, id: input.transactionId, kind: hold.kind });
  if (!fields.ok) return fields;
  const unit = units.get(hold.unit);
  if (unit === undefined) throw new Error(`assertion: hold ${hold.id} has unit ${hold.unit}, which is not defined`);
  const amount = parseAmount(input.amount ?? hold.amount, unit.scale, 'positive');
  if (!amount.ok) return amount;
  // More than the hold is refused by the store (amount_exceeds_hold), after the hold's status.
  const value = amount.value.toFixed(unit.scale);
  const postings = [
    { account: hold.from, unit: hold.unit, amount: `-${value}` },
    { account: hold.to, unit: hold.unit, amount: value },
  ];
  return { ok: true, value: sealTransaction(fields.value, postings, { reverses: null, holdId: hold.id }, now) };
}
