// The journal as CSV (RFC 4180): one row per posting, amounts as written, streamed a row at a time.
import type { Transaction } from '../transaction.js';

export const csvHeader = [
  'seq',
  'transaction_id',
  'kind',
  'effective_at',
  'recorded_at',
  'actor',
  'memo',
  'reverses',
  'hold_id',
  'account',
  'unit',
  'amount',
  'balance_after',
  'hash',
];

/**
 * Quotes a field when it needs it. A leading `=`, `+`, `-` or `@` in text is prefixed with `'`
 * so that a spreadsheet never runs it as a formula (CSV injection); amounts are written by the
 * ledger and never start with those except a minus sign, so they are left as they are.
 */
export function csvField(value: string, isAmount = false): string {
  let text = value;
  if (!isAmount && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRows(transaction: Transaction): string {
  return transaction.postings
    .map((posting) =>
      [
        String(transaction.seq),
        csvField(transaction.id),
        transaction.kind,
        transaction.effectiveAt,
        transaction.recordedAt,
        csvField(transaction.actor),
        csvField(transaction.memo),
        csvField(transaction.reverses ?? ''),
        csvField(transaction.holdId ?? ''),
        csvField(posting.account),
        csvField(posting.unit),
        csvField(posting.amount, true),
        csvField(posting.balanceAfter, true),
        transaction.hash,
      ].join(','),
    )
    .map((row) => `${row}\r\n`)
    .join('');
}

/** Streams the journal as CSV text chunks. */
export async function* journalCsv(transactions: AsyncIterable<Transaction>): AsyncGenerator<string> {
  yield `${csvHeader.join(',')}\r\n`;
  for await (const transaction of transactions) yield csvRows(transaction);
}
