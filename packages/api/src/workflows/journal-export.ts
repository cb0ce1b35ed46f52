// Streams a community's journal to a writable (an HTTP response) a page at a time, waiting for
// the reader whenever the writable is full, so memory stays flat however long the journal is.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { journalCsv, journalHledger, type Ledger, type Transaction } from '@linli/ledger';

export type JournalFormat = 'csv' | 'hledger';

/**
 * Text gathered before one write: large enough that a million postings are not a million writes,
 * small next to the writable's own buffer and the ledger's page of 2,000 transactions.
 */
export const exportWriteCharsMax = 64 * 1024;

/** Excel opens a CSV file as UTF-8 (and shows Chinese memos and names) only after this mark. */
export const utf8ByteOrderMark = '\uFEFF';

/** The writable was closed before the export ended: the reader went away. */
export class ExportAbortedError extends Error {
  override readonly name = 'ExportAbortedError';
}

/**
 * The journal as text chunks in the format asked for; the CSV starts with the byte order mark.
 * `selected` keeps only some transactions (a period, for `linli export`); the API exports them all.
 */
export async function* journalText(
  ledger: Ledger,
  community: string,
  format: JournalFormat,
  selected: (transaction: Transaction) => boolean = () => true,
): AsyncGenerator<string> {
  const transactions = selectedTransactions(ledger.journal(community), selected);
  if (format === 'csv') {
    yield utf8ByteOrderMark;
    yield* journalCsv(transactions);
    return;
  }
  const units = await ledger.listUnits(community);
  yield* journalHledger(transactions, units);
}

async function* selectedTransactions(
  journal: AsyncIterable<Transaction>,
  selected: (transaction: Transaction) => boolean,
): AsyncGenerator<Transaction> {
  for await (const transaction of journal) if (selected(transaction)) yield transaction;
}

/**
 * Writes every chunk, in writes of at most about `exportWriteCharsMax` characters. When `write`
 * answers false (the writable's buffer is past its high-water mark) it waits for 'drain' before
 * reading on, so the journal is read no faster than the reader takes it. If the writable closes
 * first, it throws `ExportAbortedError`, which also ends the journal's reading (the generator is
 * returned by `for await`). Returns the characters written.
 */
export async function writeWithBackpressure(destination: Writable, chunks: AsyncIterable<string>): Promise<number> {
  let pending = '';
  let written = 0;
  const flush = async (): Promise<void> => {
    const text = pending;
    pending = '';
    written += text.length;
    if (destination.destroyed || destination.writableEnded) throw new ExportAbortedError('the reader went away');
    if (destination.write(text)) return;
    await drained(destination);
  };
  for await (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= exportWriteCharsMax) await flush();
  }
  if (pending.length > 0) await flush();
  return written;
}

async function drained(destination: Writable): Promise<void> {
  const closed = new AbortController();
  // 'close' without 'drain' first means the reader is gone; either way, stop listening.
  const whenClosed = once(destination, 'close', { signal: closed.signal }).then(
    () => {
      throw new ExportAbortedError('the reader went away');
    },
    () => undefined,
  );
  try {
    await Promise.race([once(destination, 'drain', { signal: closed.signal }), whenClosed]);
  } finally {
    closed.abort();
  }
}
