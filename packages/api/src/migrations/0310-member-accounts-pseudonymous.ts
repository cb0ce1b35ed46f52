// Member hour accounts lose the member's name: `张小明 时间账户` becomes `时间账户 u-7q3k9x2m`.
//
// The ledger sees people only by pseudonymous ids (DESIGN.md, "Security and privacy"), but hour
// accounts used to be opened with the member's display name in their name, and from there it
// reached statements and auditors' account lists. New accounts are named by the user id
// (packages/api, community-books.ts); this renames the ones opened before.
//
// Rewriting the name changes no history: the hash chain covers each transaction's content
// (ids, kind, actor, memo, metadata, times and postings by account id), never an account's name,
// and verify does not read names. The old names are not kept anywhere, so `down` cannot bring
// them back, and should not: they are the personal data this removes.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // An account is a member's hour account when its id is `member/<owner>/hours` and the owner is a
  // user id as the service makes them (`u-…`); households, stores and funds never match.
  await knex.raw(
    `update ledger_accounts set name = '时间账户 ' || owner_ref
      where owner_ref ~ '^u-[a-z0-9]+$' and id = 'member/' || owner_ref || '/hours' and unit = 'HOUR'
        and name <> '时间账户 ' || owner_ref`,
  );
}

export async function down(): Promise<void> {
  // Nothing to undo: the names are not restored (see above).
}
