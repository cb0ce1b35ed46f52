// When a transfer between communities finished (settled or voided), so that one cut off between
// its steps is found and finished by the server, not left holding the sender's hours.
//
// A transfer's first step (the hold in the sender's books and this row) commits in one database
// transaction; the credit in the receiver's books and the settlement follow one by one, since no
// SQL transaction spans two communities. `finished_at` is written after the last step; a row
// without it, older than a request's lease, is a transfer whose request was cut off. Rows written
// before this column existed are marked unfinished too: finishing one that is already done only
// replays its steps.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('clearing_transfers', (table) => {
    table.timestamp('finished_at', { useTz: true }).nullable();
  });
  await knex.raw('create index clearing_transfers_unfinished on clearing_transfers (community_id, created_at) where finished_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index clearing_transfers_unfinished');
  await knex.schema.alterTable('clearing_transfers', (table) => {
    table.dropColumn('finished_at');
  });
}
