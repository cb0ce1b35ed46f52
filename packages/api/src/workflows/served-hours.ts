// Hours a member has served: the approved service hours credited to their hour account, the
// basis of their star level (星级志愿者). Gifts, transfers and pool draws are not service.
import { AmountDecimal, books } from '@linli/ledger';
import type { Knex } from 'knex';

/**
 * The sum of the member's `service_credit` postings into their account (an approval, directly or
 * by a posted service hold, whose kind is the hold's), less what reversals of such credits took
 * back. Read with plain SQL from the ledger's tables (read-only) through the index on
 * (community_id, account_id, seq), because the ledger's statement would have to be paged through
 * whole to add it up. The sign tells the volunteer from the payer: a credit raises the
 * volunteer's account, and a reversal of it lowers the same account.
 *
 * Each process remembers, per member, the sum up to the last journal position it read, and then
 * reads only the postings after it. That is exact, not a cache that can go stale: postings are
 * never changed or deleted (the database refuses it), and a community's positions become visible
 * in order (linli_apply takes them under the community's row lock, held to commit), so once a
 * position is seen, nothing at or before it can still appear. A member's read then costs a few
 * rows instead of a join over all their postings, which grows with every gift and service.
 */
export async function servedHours(db: Knex, community: string, member: string): Promise<string> {
  const known = servedSoFar(db);
  const key = `${community}\u0000${member}`;
  const before = known.get(key);
  const query = db.raw(servedHoursSql, [community, books.accountIds.memberHours(member), before?.seq ?? '0']);
  // On the PostgreSQL server a named statement is planned once per connection, not per read
  // (the three-table join took longer to plan than to run). PGlite has no such option.
  const [row] = ((await (isPostgresServer(db) ? query.options({ name: 'linli_served_hours' }) : query)) as { rows: { served: string; last_seq: string | null }[] }).rows;
  const served = new AmountDecimal(row?.served ?? '0').plus(before?.served ?? '0');
  const seq = row?.last_seq ?? before?.seq;
  // Inside a database transaction the rows read may still be undone: nothing is remembered.
  if (seq !== undefined && seq !== null && db.isTransaction !== true) remember(known, key, { served: served.toFixed(2), seq });
  return served.toFixed(2);
}

const servedHoursSql = `select coalesce(sum(p.amount) filter (where (t.kind = 'service_credit' and p.amount > 0) or (t.kind = 'reversal' and o.kind = 'service_credit' and p.amount < 0)), 0)::text as served,
         max(p.seq)::text as last_seq
    from ledger_postings p
    join ledger_transactions t on t.community_id = p.community_id and t.seq = p.seq
    left join ledger_transactions o on o.community_id = t.community_id and o.id = t.reverses
   where p.community_id = ? and p.account_id = ? and p.seq > ?::bigint`;

/** A member's served hours up to and including a journal position. */
interface ServedUpTo {
  served: string;
  seq: string;
}

/** Members whose sums a process remembers, per database; the longest unread are forgotten first. */
export const servedHoursRememberedMax = 50_000;

const rememberedByDatabase = new WeakMap<Knex, Map<string, ServedUpTo>>();

function servedSoFar(db: Knex): Map<string, ServedUpTo> {
  let known = rememberedByDatabase.get(db);
  if (known === undefined) {
    known = new Map();
    rememberedByDatabase.set(db, known);
  }
  return known;
}

function remember(known: Map<string, ServedUpTo>, key: string, value: ServedUpTo): void {
  // A Map keeps insertion order: deleting first moves the member to the end, so the first key is the longest unread.
  known.delete(key);
  known.set(key, value);
  if (known.size > servedHoursRememberedMax) {
    const oldest = known.keys().next();
    if (oldest.done !== true) known.delete(oldest.value);
  }
}

function isPostgresServer(db: Knex): boolean {
  return (db.client as { config?: { client?: unknown } }).config?.client === 'pg';
}

/** The star level for the hours served, and the hours the next level needs (null at 5★). */
export function starProgress(served: string): { level: number; nextLevelHours: string | null } {
  const level = books.starLevel(served);
  const next = books.starLevelHours[level];
  return { level, nextLevelHours: next === undefined ? null : new AmountDecimal(next).toFixed(2) };
}
