// The hash chain: each transaction's hash covers its content and the hash before it.
import { createHash } from 'node:crypto';
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
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of what a transaction says, independent of where it stands in the journal. */
export function contentHash(content: TransactionContent): string {
  return sha256Hex(
    canonicalJson({
      id: content.id,
      kind: content.kind,
      actor: content.actor,
      memo: content.memo,
      metadata: content.metadata,
      effectiveAt: content.effectiveAt,
      reverses: content.reverses,
      holdId: content.holdId,
      postings: content.postings.map((posting) => [posting.account, posting.unit, posting.amount]),
    }),
  );
}

/**
 * The link: the previous hash, the position, the time of writing and the content. The
 * PostgreSQL store computes the same text in SQL (`migrations/src/0001-ledger.ts`), so the
 * format is fixed: fields joined by `|`.
 */
export function linkHash(previous: string, seq: number, recordedAt: string, content: string): string {
  return sha256Hex(`${previous}|${seq}|${recordedAt}|${content}`);
}
