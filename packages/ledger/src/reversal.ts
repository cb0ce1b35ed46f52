// Reversals: a correction that undoes all or part of a transaction; nothing is edited or deleted.
import { AmountDecimal, parseAmount } from './amount.js';
import type { JsonObject } from './json.js';
import { prepareDescriptive, preparePostings, refused, sealTransaction, type Prepared, type PreparedTransaction, type Transaction } from './transaction.js';
import type { Unit } from './unit.js';

export interface ReversalInput {
  community: string;
  /** The id of the reversing transaction (idempotency). */
  id: string;
  /** The transaction to reverse. */
  reverses: string;
  actor: string;
  memo?: string | undefined;
  metadata?: JsonObject | undefined;
  effectiveAt?: string | undefined;
  /**
   * For a partial reversal: the amounts to take back, per account, with the opposite sign of
   * the original posting. Omitted: every posting of the original, negated.
   */
  postings?: { account: string; unit: string; amount: string }[] | undefined;
}

/**
 * Builds a reversal. The store checks, under the community's write lock, that the original
 * is not a reversal itself and that all reversals of it together stay within it.
 */
export function prepareReversal(input: ReversalInput, original: Transaction, units: ReadonlyMap<string, Unit>, now: string): Prepared<PreparedTransaction> {
  const fields = prepareDescriptive({ ...input, kind: 'reversal' });
  if (!fields.ok) return fields;
  const requested = input.postings ?? original.postings.map((p) => ({ account: p.account, unit: p.unit, amount: new AmountDecimal(p.amount).negated().toFixed(units.get(p.unit)?.scale ?? 0) }));
  const postings = preparePostings(requested, units);
  if (!postings.ok) return postings;
  for (const [index, posting] of postings.value.entries()) {
    const originalPosting = original.postings.find((p) => p.account === posting.account && p.unit === posting.unit);
    const scale = units.get(posting.unit)?.scale ?? 0;
    if (originalPosting === undefined || parseAmount(posting.amount, scale, 'nonzero').ok === false || new AmountDecimal(originalPosting.amount).isNegative() === new AmountDecimal(posting.amount).isNegative()) {
      return refused('reversal_exceeds_original', `posting ${index}: ${posting.account} has no posting in ${original.id} that this amount takes back`);
    }
  }
  return { ok: true, value: sealTransaction(fields.value, postings.value, { reverses: original.id, holdId: null }, now) };
}
