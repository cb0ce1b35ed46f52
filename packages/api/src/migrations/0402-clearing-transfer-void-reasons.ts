// Why a transfer between communities was voided: the receiving side's refusal (its code and
// detail), recorded before the void, so that a retry of the request that finds the transfer
// voided answers with that refusal, as the first attempt would have, rather than "voided before".
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('clearing_transfers', (table) => {
    table.text('void_code').nullable();
    table.text('void_detail').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('clearing_transfers', (table) => {
    table.dropColumn('void_code');
    table.dropColumn('void_detail');
  });
}
