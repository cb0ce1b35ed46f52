// Monthly figures of the journal, as every store computes them: the query's bounds, and the rule in plain code (the in-memory model's).
import { AmountDecimal, type Amount } from './amount.js';
import { countedKindsPerReadMax } from './limits.js';
import type { CountedPostings, MonthlyFigure, MonthlyFiguresQuery } from './store.js';
import type { Transaction } from './transaction.js';

/** The query is the caller's code, not a user's input: a bad one is an assertion. */
export function checkMonthlyFiguresQuery(query: MonthlyFiguresQuery): void {
  if (query.counted.length === 0 || query.counted.length > countedKindsPerReadMax)
    throw new Error(`assertion: monthly figures count 1 to ${countedKindsPerReadMax} kinds of posting`);
  if (!Number.isInteger(query.utcOffsetMinutes) || query.utcOffsetMinutes < -720 || query.utcOffsetMinutes > 840)
    throw new Error('assertion: a UTC offset is whole minutes from -720 to 840');
  for (const counted of query.counted) {
    // The characters of ids (ids.ts) and `%`: no `_` or backslash, which SQL's LIKE would read as wildcards.
    if (!/^[A-Za-z0-9.:/@%-]{1,200}$/.test(counted.accountPattern))
      throw new Error(`assertion: account pattern ${counted.accountPattern} has characters no id has`);
  }
  if (Number.isNaN(Date.parse(query.from)) || Number.isNaN(Date.parse(query.to)))
    throw new Error('assertion: monthly figures need instants from and to');
}

/** Byte order of the UTF-8 text, as `collate "C"` sorts. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The figures from a journal in memory: the same rule as the PostgreSQL store's query. `original`
 * finds the transaction a reversal reverses; `scaleOf` gives a unit's scale.
 */
export function monthlyFiguresOf(
  journal: Iterable<Transaction>,
  query: MonthlyFiguresQuery,
  original: (id: string) => Transaction | undefined,
  scaleOf: (unit: string) => number,
): MonthlyFigure[] {
  checkMonthlyFiguresQuery(query);
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  const groups = new Map<string, { month: string; kind: string; unit: string; total: Amount; parties: Set<string> }>();
  for (const transaction of journal) {
    const effective = Date.parse(transaction.effectiveAt);
    if (effective < from || effective >= to) continue;
    const reversed = transaction.kind === 'reversal' && transaction.reverses !== null ? original(transaction.reverses) : undefined;
    const kind = reversed?.kind ?? transaction.kind;
    const metadata = reversed?.metadata ?? transaction.metadata;
    const sign = transaction.kind === 'reversal' ? -1 : 1;
    const month = new Date(effective + query.utcOffsetMinutes * 60_000).toISOString().slice(0, 7);
    for (const posting of transaction.postings) {
      const amount = new AmountDecimal(posting.amount);
      if (amount.isZero() || (amount.isNegative() ? -1 : 1) !== sign) continue;
      const counted = query.counted.find((entry) => matches(entry, kind, posting.account, posting.unit));
      if (counted === undefined) continue;
      const key = `${month}\u0000${kind}\u0000${posting.unit}`;
      const group = groups.get(key) ?? { month, kind, unit: posting.unit, total: new AmountDecimal(0), parties: new Set<string>() };
      group.total = group.total.plus(amount);
      const party = counted.party === 'account' ? posting.account : partyOf(metadata[counted.party.metadata]);
      if (party !== undefined) group.parties.add(party);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .sort((a, b) => byteOrder(a.month, b.month) || byteOrder(a.kind, b.kind) || byteOrder(a.unit, b.unit))
    .map((group) => ({
      month: group.month,
      kind: group.kind,
      unit: group.unit,
      total: group.total.toFixed(scaleOf(group.unit)),
      parties: group.parties.size,
    }));
}

function matches(counted: CountedPostings, kind: string, account: string, unit: string): boolean {
  return counted.kind === kind && patternOf(counted.accountPattern).test(account) && (counted.unit === undefined || counted.unit === unit);
}

/** The account pattern as a regular expression: `%` is any run of characters, everything else itself. */
function patternOf(accountPattern: string): RegExp {
  return new RegExp(
    `^${accountPattern
      .split('%')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
}

/** A metadata value as `->>` gives it: text as it is, any other value as its JSON text, null as nothing. */
function partyOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
