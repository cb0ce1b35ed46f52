// The rejection codes, in the order they are checked, and the one error type that carries them.

/**
 * Every code a write can be rejected with, in precedence order: when an input has several
 * problems, the one listed first is reported. The order runs from the shape of the input
 * (checked without the database) to the state of the books (checked under the community's
 * write lock). `rejections.test.ts` walks them in this order.
 */
export const rejectionCodes = [
  // Batches.
  'batch_empty',
  'batch_too_large',
  'page_size_invalid',
  'cursor_invalid',
  // The input itself: identifiers and descriptive fields.
  'id_invalid',
  'kind_invalid',
  'actor_invalid',
  'name_invalid',
  'memo_invalid',
  'memo_too_long',
  'metadata_invalid',
  'metadata_too_large',
  'effective_at_invalid',
  'expires_at_invalid',
  // Postings.
  'postings_too_few',
  'postings_too_many',
  'account_id_invalid',
  'account_repeated',
  'unit_not_found',
  'amount_invalid',
  'amount_must_not_be_zero',
  'amount_must_be_positive',
  'amount_scale_exceeded',
  'amount_exceeds_maximum',
  'unbalanced',
  'accounts_must_differ',
  // The state of the books (checked by the store under the community's write lock).
  'community_not_found',
  'id_reused_with_different_body',
  'account_not_found',
  'unit_mismatch',
  'account_frozen',
  'account_closed',
  'transaction_not_found',
  'reversal_not_reversible',
  'already_reversed',
  'reversal_exceeds_original',
  'hold_not_found',
  'hold_not_pending',
  'hold_expired',
  'amount_exceeds_hold',
  'exceeds_lower_limit',
  'exceeds_floor',
  'exceeds_upper_limit',
  'account_not_empty',
] as const;

export type RejectionCode = (typeof rejectionCodes)[number];

/**
 * The checks against the stored state, in precedence order: the tail of `rejectionCodes` from
 * `community_not_found` on. They are written four times, in the languages that must run them —
 * `linli_post` and `linli_hold_create` (PL/pgSQL, and `linli_post_all`, which refuses nothing
 * itself but hands a batch that fails back to `linli_post`), the in-memory model
 * (`store-memory.ts`) and the ledger's reads before a reversal or hold posting (`ledger.ts`) —
 * and this list is the one table they follow. `precedence.contract.test.ts` runs every store
 * against it: for each pair of these failures that can apply to one write, the write is refused
 * with the one listed first, wherever in the write each failure sits.
 */
export const stateRejectionCodes: readonly RejectionCode[] = rejectionCodes.slice(rejectionCodes.indexOf('community_not_found'));

/** Of two rejections that apply to one input, the one reported: the one listed first. */
export function precedingRejection(a: RejectionCode, b: RejectionCode): RejectionCode {
  return rejectionPrecedence(a) <= rejectionPrecedence(b) ? a : b;
}

const precedence = new Map<RejectionCode, number>(rejectionCodes.map((code, index) => [code, index]));

export function rejectionPrecedence(code: RejectionCode): number {
  const index = precedence.get(code);
  if (index === undefined) throw new Error(`unknown rejection code ${code}`);
  return index;
}

export function isRejectionCode(value: unknown): value is RejectionCode {
  return typeof value === 'string' && precedence.has(value as RejectionCode);
}

/**
 * An expected refusal: the books are unchanged, and the code says why. Programmer errors are
 * never rejections; they are assertions that end the operation.
 */
export class LedgerRejection extends Error {
  override readonly name = 'LedgerRejection';

  constructor(
    readonly code: RejectionCode,
    readonly detail: string,
    /** For a batch: the index of the operation that was rejected. */
    readonly index?: number,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** The outcome of checking one input: nothing, or the first rejection in precedence order. */
export interface Refusal {
  code: RejectionCode;
  detail: string;
}

export function refuse(code: RejectionCode, detail: string): Refusal {
  return { code, detail };
}

/** The first of several refusals in precedence order (on a tie, the one listed first); undefined if none. */
export function earliestRefusal(refusals: readonly (Refusal | undefined)[]): Refusal | undefined {
  let earliest: Refusal | undefined;
  for (const refusal of refusals) {
    if (refusal !== undefined && (earliest === undefined || rejectionPrecedence(refusal.code) < rejectionPrecedence(earliest.code)))
      earliest = refusal;
  }
  return earliest;
}
