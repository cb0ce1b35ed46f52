// The scheduled tamper check's results: one row per community, replaced at each check, so that
// admins and auditors see when the hash chain last held and whether the last check failed, and
// /metrics can show the time of the last success. A failure is also written to the audit log,
// which keeps every one; this table keeps only the latest state. Keyed by the ledger's community
// (what is checked), without a foreign key to community_profiles: the ledger's books are checked
// whether or not the service shows the community.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tamper_checks', (table) => {
    table.text('community_id').notNullable().primary();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.boolean('ok').notNullable();
    // Transactions that checked out (all of them when ok).
    table.bigInteger('transactions').notNullable();
    // The first bad entry as the ledger's verify names it ({ seq, id, reason }); null when ok.
    table.jsonb('first_bad').nullable();
    // When the chain last held, kept across failures so "last good" survives a bad check.
    table.timestamp('last_ok_at', { useTz: true }).nullable();
  });
  await knex.raw(`alter table tamper_checks add constraint tamper_checks_ok_has_no_bad_entry check (ok = (first_bad is null))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tamper_checks');
}
