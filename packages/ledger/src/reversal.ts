// Reversals: a correction that undoes all or part of a transaction; nothing is edited or deleted.
import { AmountDecimal } from './amount.js';
import type { JsonObject } from './json.js';
import {
  prepareDescriptive,
  preparePostings,
  sealTransaction,
  type Prepared,
  type PreparedTransaction,
  type Transaction,
} from './transaction.js';
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
 * Builds a reversal: in full from the original's postings, or in part from the postings given
 * (then the original may be missing here). The store checks, under the community's write lock
 * and in precedence order, that the original exists, is not a reversal itself, and that each
 * posting takes back (opposite sign) no more than the original posted, all reversals together.
 */
export function prepareReversal(
  input: ReversalInput,
  original: Transaction | undefined,
  units: ReadonlyMap<string, Unit>,
  now: string,
): Prepared<PreparedTransaction> {
  const fields = prepareDescriptive({ ...input, kind: 'reversal' });
  if (!fields.ok) return fields;
  if (input.postings === undefined && original === undefined) throw new Error('assertion: a full reversal needs its original');
  const requested =
    input.postings ??
    (original as Transaction).postings.map((p) => ({
      account: p.account,
      unit: p.unit,
      amount: new AmountDecimal(p.amount).negated().toFixed(units.get(p.unit)?.scale ?? 0),
    }));
  const postings = preparePostings(requested, units);
  if (!postings.ok) return postings;
  return { ok: true, value: sealTransaction(fields.value, postings.value, { reverses: input.reverses, holdId: null }, now) };
}
