// Donors and donations. The ledger records what was given (quantities, fair value, valuation
// method, a pseudonymous donor reference); these tables add what a receipt needs beside it: which
// ledger transactions make up one donation, and the donor's name and phone, sealed (AES-256-GCM)
// and never written to the ledger.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('donors', (table) => {
    table.text('community_id').notNullable();
    // `D-7Q3K9X2M`: what the ledger and exports see.
    table.text('ref').notNullable();
    table.text('personal_sealed').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'ref']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });

  await knex.schema.createTable('donations', (table) => {
    table.text('community_id').notNullable();
    table.text('id').notNullable();
    table.text('kind').notNullable();
    // `anonymous` or a donor's ref; not a foreign key, since anonymous donors have no row.
    table.text('donor_ref').notNullable();
    table.text('store_id').nullable();
    table.text('fund_code').nullable();
    // The ledger transaction ids, in order: one per item given in kind, one for cash.
    table.jsonb('transaction_ids').notNullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'id']);
    table.index(['community_id', 'created_at']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
  await knex.raw(`alter table donations add constraint donations_kind_known check (kind in ('in_kind', 'cash'))`);
  await knex.raw(
    `alter table donations add constraint donations_target check ((kind = 'in_kind' and store_id is not null) or (kind = 'cash' and fund_code is not null))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('donations');
  await knex.schema.dropTable('donors');
}
