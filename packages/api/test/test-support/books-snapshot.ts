// A snapshot of everything a request could change, to prove that refused requests changed nothing:
// per community every account's balances, the trial balance and the verified journal head, and a
// fingerprint (row count and hash of the rows) of every table.
import { limits, type TrialBalanceLine } from '@linli/ledger';
import type { Deps } from '../../src/deps.js';

/**
 * Tables left out of the fingerprint. A refusal given after an Idempotency-Key was claimed is
 * stored as that key's answer, so that a retry gets the same refusal (routing.ts): the stored
 * answer is the point of the key, not a change to the books. Knex's own bookkeeping is not data.
 */
const tablesNotFingerprinted = new Set(['idempotency_keys', 'knex_migrations', 'knex_migrations_lock']);

export interface AccountSnapshot {
  id: string;
  status: string;
  balance: string;
  available: string;
  held: string;
  incoming: string;
}

export interface CommunityBooks {
  accounts: AccountSnapshot[];
  trialBalance: TrialBalanceLine[];
  journal: { ok: boolean; transactions: number; head: string | null };
}

export interface BooksSnapshot {
  communities: Record<string, CommunityBooks>;
  /** Table name → `<rows>:<md5 of the rows>`. */
  tables: Record<string, string>;
}

async function communityBooks(deps: Deps, community: string): Promise<CommunityBooks> {
  const accounts: AccountSnapshot[] = [];
  let cursor: string | null = null;
  // Bounded: a test community has far fewer accounts than this many pages hold.
  for (let pageNumber = 0; pageNumber < 1_000; pageNumber += 1) {
    const page = await deps.ledger.listAccounts(community, { cursor, limit: limits.pageSizeMax });
    for (const account of page.items) {
      accounts.push({
        id: account.id,
        status: account.status,
        balance: account.balance,
        available: account.available,
        held: account.held,
        incoming: account.incoming,
      });
    }
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  const verified = await deps.ledger.verify(community);
  return {
    accounts,
    trialBalance: await deps.ledger.trialBalance(community),
    journal: { ok: verified.ok, transactions: verified.transactions, head: verified.ok ? verified.head : null },
  };
}

async function tableFingerprints(deps: Deps): Promise<Record<string, string>> {
  const rows = (await deps
    .knex('information_schema.tables')
    .select('table_name')
    .whereRaw('table_schema = current_schema()')
    .andWhere('table_type', 'BASE TABLE')) as { table_name: string }[];
  const names = rows
    .map((row) => row.table_name)
    .filter((name) => !tablesNotFingerprinted.has(name))
    .sort();
  const fingerprints: Record<string, string> = {};
  for (const name of names) {
    // Each row's text form, hashed, in a fixed order: any insert, update or delete changes it.
    const result = await deps.knex.raw(
      `select count(*)::int as rows, coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') as hash from ?? as t`,
      [name],
    );
    const row = (result as { rows: { rows: number; hash: string }[] }).rows[0];
    fingerprints[name] = `${row?.rows ?? 0}:${row?.hash ?? ''}`;
  }
  return fingerprints;
}

export async function snapshotBooks(deps: Deps): Promise<BooksSnapshot> {
  const communityRows = (await deps.knex('ledger_communities').select({ id: 'community_id' }).orderBy('community_id')) as { id: string }[];
  const communities: Record<string, CommunityBooks> = {};
  for (const { id } of communityRows) communities[id] = await communityBooks(deps, id);
  return { communities, tables: await tableFingerprints(deps) };
}
