// Transactions: two or more postings that sum to zero per unit, checked before any state is read.
import { AmountDecimal, type Amount, parseAmount } from './amount.js';
import { contentHash, sha256Hex } from './chain.js';
import { isId, isKind } from './ids.js';
import { canonicalJson, isJsonObject, isStorableText, utf8Length, type JsonObject } from './json.js';
import { memoLengthMax, metadataBytesMax, postingsPerTransactionMax } from './limits.js';
import { refuse, rejectionPrecedence, type Refusal } from './rejections.js';
import type { Unit } from './unit.js';

export interface PostingInput {
  account: string;
  unit: string;
  /** Signed: positive raises the account's balance, negative lowers it. */
  amount: string;
  /**
   * The lowest available balance this transaction may leave the account with (`"0.00"`: only
   * what is there may be spent): a condition of this one write, beside the account's own lower
   * limit, checked by the store under the community's write lock in the same step as the limits
   * (`exceeds_floor`). Like the lower limit, it bounds only a posting that lowers the balance.
   * An amount of the unit, at its scale; zero or negative too. Not recorded: neither the body
   * hash (idempotency) nor the chain covers it, so a retry of a posted transaction gets the first
   * result back without the floor being checked again, whatever floor the retry carries.
   */
  floor?: string | undefined;
}

export interface TransactionInput {
  community: string;
  /** Chosen by the client; submitting the same id again is safe (idempotency). */
  id: string;
  /** What happened, in snake_case: `service_credit`, `donation_in_kind`, `hour_gift`. */
  kind: string;
  /** Who recorded it (a user id), or who it was recorded for, per the metadata. */
  actor: string;
  memo?: string | undefined;
  metadata?: JsonObject | undefined;
  /** When it happened (ISO 8601 with offset); defaults to when it is recorded. */
  effectiveAt?: string | undefined;
  postings: PostingInput[];
}

export interface Posting {
  account: string;
  unit: string;
  amount: string;
  /** The account's balance right after this posting. */
  balanceAfter: string;
}

export interface Transaction {
  community: string;
  id: string;
  /** Position in the community's journal, from 1, without gaps. */
  seq: number;
  kind: string;
  actor: string;
  memo: string;
  metadata: JsonObject;
  effectiveAt: string;
  recordedAt: string;
  /** The transaction this one reverses, if it is a reversal. */
  reverses: string | null;
  /** The hold this transaction posted, if any. */
  holdId: string | null;
  postings: Posting[];
  /** The chain hash: covers this transaction's content and the hash before it. */
  hash: string;
}

/** A transaction checked and normalized, ready for the store: amounts at their unit's scale. */
export interface PreparedTransaction {
  id: string;
  kind: string;
  actor: string;
  memo: string;
  metadata: JsonObject;
  effectiveAt: string;
  reverses: string | null;
  holdId: string | null;
  /** `floor` is set only where the input gave one, at the unit's scale; the hashes leave it out. */
  postings: { account: string; unit: string; amount: string; floor?: string }[];
  /** Hash of the request as given (idempotency compares it). */
  bodyHash: string;
  /** Hash of the content as recorded (the chain covers it). */
  contentHash: string;
}

export type Prepared<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export function refused<T>(code: Refusal['code'], detail: string): Prepared<T> {
  return { ok: false, refusal: refuse(code, detail) };
}

export interface DescriptiveFields {
  id: string;
  kind: string;
  actor: string;
  memo: string;
  metadata: JsonObject;
  effectiveAt: string | null;
}

/** Checks the fields every write shares, in precedence order. `now` is the default effective time. */
export function prepareDescriptive(input: {
  id: unknown;
  kind: unknown;
  actor: unknown;
  memo?: unknown;
  metadata?: unknown;
  effectiveAt?: unknown;
}): Prepared<DescriptiveFields> {
  if (!isId(input.id)) return refused('id_invalid', 'id is empty, too long or has characters outside [A-Za-z0-9._:/@-]');
  if (!isKind(input.kind)) return refused('kind_invalid', 'kind must be snake_case, at most 64 characters');
  if (!isId(input.actor)) return refused('actor_invalid', 'actor is not a valid id');
  const memo = input.memo ?? '';
  if (typeof memo !== 'string' || !isStorableText(memo))
    return refused('memo_invalid', 'memo must be text without NUL characters or unpaired surrogates');
  if (memo.length > memoLengthMax) return refused('memo_too_long', `memo must be at most ${memoLengthMax} characters`);
  const metadata = input.metadata ?? {};
  if (!isJsonObject(metadata)) return refused('metadata_invalid', 'metadata must be a JSON object of finite values');
  if (utf8Length(canonicalJson(metadata)) > metadataBytesMax)
    return refused('metadata_too_large', `metadata is over ${metadataBytesMax} bytes`);
  let effectiveAt: string | null = null;
  if (input.effectiveAt !== undefined) {
    const parsed = parseInstant(input.effectiveAt);
    if (parsed === null)
      return refused('effective_at_invalid', 'effectiveAt must be an ISO 8601 time with an offset, e.g. 2026-11-26T09:30:00+08:00');
    effectiveAt = parsed;
  }
  return { ok: true, value: { id: input.id, kind: input.kind, actor: input.actor, memo, metadata, effectiveAt } };
}

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 time with an offset, normalized to UTC with milliseconds; `null` if not one. */
export function parseInstant(value: unknown): string | null {
  if (typeof value !== 'string' || !instantPattern.test(value)) return null;
  const time = Date.parse(value);
  if (!Number.isFinite(time)) return null;
  const year = new Date(time).getUTCFullYear();
  if (year < 1970 || year > 9999) return null;
  return new Date(time).toISOString();
}

/**
 * Checks postings in precedence order: count, account ids, repeats, units, amounts and floors
 * (shape, zero, scale, size; a floor may be zero or negative), then balance per unit. Each
 * check runs over every posting before the next begins, so the code reported is the first in
 * precedence order whichever posting has it. Amounts and floors come back at their unit's scale.
 */
export function preparePostings(postings: unknown, units: ReadonlyMap<string, Unit>): Prepared<PreparedTransaction['postings']> {
  if (!Array.isArray(postings) || postings.length < 2) return refused('postings_too_few', 'a transaction needs at least two postings');
  if (postings.length > postingsPerTransactionMax)
    return refused('postings_too_many', `a transaction has at most ${postingsPerTransactionMax} postings`);
  const accounts: unknown[] = postings.map((posting) => (posting as Partial<PostingInput> | null)?.account);
  const invalid = accounts.findIndex((account) => !isId(account));
  if (invalid !== -1) return refused('account_id_invalid', `posting ${invalid}: account id is not valid`);
  const seen = new Set<unknown>();
  for (const [index, account] of accounts.entries()) {
    if (seen.has(account)) return refused('account_repeated', `posting ${index}: account ${String(account)} appears twice`);
    seen.add(account);
  }
  for (const [index, posting] of (postings as PostingInput[]).entries()) {
    if (!units.has(posting.unit))
      return refused('unit_not_found', `posting ${index}: unit ${String(posting.unit).slice(0, 80)} is not defined`);
  }
  const amounts = (postings as PostingInput[]).map((posting) =>
    parseAmount(posting.amount, (units.get(posting.unit) as Unit).scale, 'nonzero'),
  );
  const floors = (postings as PostingInput[]).map((posting) =>
    posting.floor === undefined ? undefined : parseAmount(posting.floor, (units.get(posting.unit) as Unit).scale, 'any'),
  );
  let failed: { index: number; what: string; refusal: Refusal } | undefined;
  for (const [index, amount] of amounts.entries()) {
    for (const [what, parsed] of [
      ['', amount],
      ['floor: ', floors[index]],
    ] as const) {
      if (
        parsed !== undefined &&
        !parsed.ok &&
        (failed === undefined || rejectionPrecedence(parsed.refusal.code) < rejectionPrecedence(failed.refusal.code))
      )
        failed = { index, what, refusal: parsed.refusal };
    }
  }
  if (failed !== undefined) {
    // Clients send an amount as a positive number and the books give it both signs (a gift of
    // "1.005" is -1.005 for the giver, then +1.005): of the amounts refused with the same code,
    // the first positive one is named, so the detail echoes the amount as the client wrote it.
    if (failed.what === '') {
      const code = failed.refusal.code;
      const positive = amounts.findIndex(
        (amount, index) =>
          !amount.ok && amount.refusal.code === code && !String((postings as PostingInput[])[index]?.amount).startsWith('-'),
      );
      if (positive !== -1) failed = { index: positive, what: '', refusal: (amounts[positive] as { ok: false; refusal: Refusal }).refusal };
    }
    return refused(failed.refusal.code, `posting ${failed.index}: ${failed.what}${failed.refusal.detail}`);
  }
  const prepared: PreparedTransaction['postings'] = [];
  const totals = new Map<string, Amount>();
  for (const [index, posting] of (postings as PostingInput[]).entries()) {
    const unit = units.get(posting.unit) as Unit;
    const value = (amounts[index] as { ok: true; value: Amount }).value;
    const floor = floors[index] as { ok: true; value: Amount } | undefined;
    prepared.push({
      account: posting.account,
      unit: unit.code,
      amount: value.toFixed(unit.scale),
      ...(floor === undefined ? {} : { floor: floor.value.toFixed(unit.scale) }),
    });
    totals.set(unit.code, (totals.get(unit.code) ?? new AmountDecimal(0)).plus(value));
  }
  for (const [unit, total] of totals) {
    if (!total.isZero()) return refused('unbalanced', `postings in ${unit} sum to ${total.toString()}, not 0`);
  }
  return { ok: true, value: prepared };
}

export function prepareTransaction(input: TransactionInput, units: ReadonlyMap<string, Unit>, now: string): Prepared<PreparedTransaction> {
  const fields = prepareDescriptive(input);
  if (!fields.ok) return fields;
  const postings = preparePostings(input.postings, units);
  if (!postings.ok) return postings;
  return { ok: true, value: sealTransaction(fields.value, postings.value, { reverses: null, holdId: null }, now) };
}

/**
 * Adds the two hashes: the body as given (for idempotency) and the content as recorded (for the
 * chain). Both cover each posting's account, unit and amount only: a floor is a condition of the
 * write, not part of what it records.
 */
export function sealTransaction(
  fields: DescriptiveFields,
  postings: PreparedTransaction['postings'],
  links: { reverses: string | null; holdId: string | null },
  now: string,
): PreparedTransaction {
  const effectiveAt = fields.effectiveAt ?? now;
  const body = { ...fields, ...links, postings };
  const content = { ...body, effectiveAt };
  return {
    ...content,
    bodyHash: sha256Hex(canonicalJson({ ...body, postings: postings.map((p) => [p.account, p.unit, p.amount]) })),
    contentHash: contentHash(content),
  };
}

/**
 * Names the first field in which a resubmission differs from the stored transaction, for the
 * detail of `id_reused_with_different_body`.
 */
export function firstDifference(prepared: PreparedTransaction, stored: Transaction, effectiveAtGiven: boolean): string {
  if (prepared.kind !== stored.kind) return 'kind';
  if (prepared.actor !== stored.actor) return 'actor';
  if (prepared.memo !== stored.memo) return 'memo';
  if (canonicalJson(prepared.metadata) !== canonicalJson(stored.metadata)) return 'metadata';
  if (effectiveAtGiven && prepared.effectiveAt !== stored.effectiveAt) return 'effectiveAt';
  if (prepared.reverses !== stored.reverses) return 'reverses';
  if (prepared.holdId !== stored.holdId) return 'holdId';
  if (prepared.postings.length !== stored.postings.length) return 'postings';
  for (const [index, posting] of prepared.postings.entries()) {
    const other = stored.postings[index];
    if (
      other === undefined ||
      other.account !== posting.account ||
      other.unit !== posting.unit ||
      !new AmountDecimal(other.amount).equals(posting.amount)
    ) {
      return `postings[${index}]`;
    }
  }
  return 'body';
}
