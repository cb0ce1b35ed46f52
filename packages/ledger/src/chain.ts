// The hash chain: each transaction's hash covers its content and the hash before it.
import { hash } from 'node:crypto';
import { canonicalJson, type JsonObject } from './json.js';

/** The hash before the first transaction of a community. */
export const genesisHash = '0'.repeat(64);

export interface TransactionContent {
  id: string;
  kind: string;
  actor: string;
  memo: string;
  metadata: JsonObject;
  effectiveAt: string;
  reverses: string | null;
  holdId: string | null;
  postings: readonly { account: string; unit: string; amount: string }[];
}

export function sha256Hex(text: string): string {
  // The one-shot hash (UTF-8, like Hash.update) skips building a Hash object per call.
  return hash('sha256', text, 'hex');
}

/**
 * The hash of what a transaction says, independent of where it stands in the journal: of the
 * canonical JSON of { id, kind, actor, memo, metadata, effectiveAt, reverses, holdId, postings:
 * [[account, unit, amount], …] }. The text is written out here in canonicalJson's sorted key
 * order, the same text byte for byte, because sorting the keys of every transaction again made
 * hashing the largest cost of verify.
 */
export function contentHash(content: TransactionContent): string {
  let postings = '';
  for (const [index, posting] of content.postings.entries()) {
    postings += `${index === 0 ? '' : ','}[${item(posting.account)},${item(posting.unit)},${item(posting.amount)}]`;
  }
  return sha256Hex(
    `{"actor":${field(content.actor)},"effectiveAt":${field(content.effectiveAt)},"holdId":${field(content.holdId)},"id":${field(content.id)},` +
      `"kind":${field(content.kind)},"memo":${field(content.memo)},"metadata":${canonicalJson(content.metadata)},"postings":[${postings}],` +
      `"reverses":${field(content.reverses)}}`,
  );
}

/** A scalar as canonicalJson writes it as an object's value. */
function field(value: string | null): string {
  return `${JSON.stringify(value)}`;
}

/** A scalar as canonicalJson writes it as an array's item (where undefined joins as nothing). */
function item(value: string): string {
  return JSON.stringify(value) ?? '';
}

/**
 * The link: the previous hash, the position, the time of writing and the content. The
 * PostgreSQL store computes the same text in SQL (`packages/ledger/src/migrations/0001-ledger.ts`), so the
 * format is fixed: fields joined by `|`.
 */
export function linkHash(previous: string, seq: number, recordedAt: string, content: string): string {
  return sha256Hex(`${previous}|${seq}|${recordedAt}|${content}`);
}
