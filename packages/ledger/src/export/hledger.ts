// The journal in hledger/ledger-cli format, so auditors can check the books with their own tools.
import type { Transaction } from '../transaction.js';

/**
 * hledger commodity symbols: a quoted symbol may hold any character but `"` and newlines, and
 * account names end at two spaces, so ids (which have neither) are safe. Units become quoted
 * commodities (`"HOUR"`, `"ITEM:rice-5kg"`), written after the amount.
 */
function commodity(unit: string): string {
  return `"${unit}"`;
}

function account(id: string): string {
  // hledger separates account levels with ':'; ids use '/', which reads well as levels too.
  return id.replaceAll('/', ':');
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/;/g, ',');
}

/** China Standard Time (UTC+8, no daylight saving): the communities' calendar day. */
export const chinaUtcOffsetMinutes = 480;

/**
 * The calendar day a transaction happened on, in the community's time: a service at 07:00 on
 * 1 February in Nanjing belongs to February, though it is still 31 January in UTC.
 */
export function localDate(instant: string, utcOffsetMinutes: number): string {
  return new Date(Date.parse(instant) + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function hledgerEntry(transaction: Transaction, utcOffsetMinutes = chinaUtcOffsetMinutes): string {
  const date = localDate(transaction.effectiveAt, utcOffsetMinutes);
  const description = oneLine(transaction.memo === '' ? transaction.kind : transaction.memo);
  const lines = [
    `${date} (${oneLine(transaction.id)}) ${description}`,
    `    ; kind:${transaction.kind}, seq:${transaction.seq}, recorded:${transaction.recordedAt}, hash:${transaction.hash}`,
  ];
  if (transaction.reverses !== null) lines.push(`    ; reverses:${transaction.reverses}`);
  for (const posting of transaction.postings) lines.push(`    ${account(posting.account)}  ${posting.amount} ${commodity(posting.unit)}`);
  return `${lines.join('\n')}\n\n`;
}

/**
 * Streams the journal as hledger text; `commodity` directives first give each unit its precision.
 * The directive always has a decimal point (`commodity 1. "POINT"` for scale 0): hledger refuses
 * one without, since `1` alone does not say which mark is the decimal one.
 */
export async function* journalHledger(
  transactions: AsyncIterable<Transaction>,
  units: readonly { code: string; scale: number }[],
  utcOffsetMinutes = chinaUtcOffsetMinutes,
): AsyncGenerator<string> {
  let header = '; Linli journal export\n';
  for (const unit of units) header += `commodity 1.${'0'.repeat(unit.scale)} ${commodity(unit.code)}\n`;
  yield `${header}\n`;
  for await (const transaction of transactions) yield hledgerEntry(transaction, utcOffsetMinutes);
}
