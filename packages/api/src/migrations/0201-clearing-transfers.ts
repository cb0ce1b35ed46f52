// Hour transfers between communities (通存通兑), as the sending community's service recorded them.
//
// The ledger keeps the money side: a hold in the sender's community and a posting in the
// receiver's, keyed by the transfer id. What the sender's books do not hold is who receives the
// hours on the other side and, for a transfer made on a member's behalf, the consent given; this
// row keeps both, so that the sender can look the transfer up without reading another
// community's books. The status is never stored here: it is the hold's, read from the ledger.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('clearing_transfers', (table) => {
    table.text('community_id').notNullable();
    // The transfer id the ledger's steps are derived from (`<id>/hold`, `<id>/credit`, `<id>/settle`).
    table.text('id').notNullable();
    table.text('from_member').notNullable();
    table.text('to_community').notNullable();
    table.text('to_member').notNullable();
    table.text('hours').notNullable();
    // The user who sent the request: the member, or the coordinator or staff acting for them.
    table.text('actor').notNullable();
    // `{method, recordedAt}` when sent on the member's behalf; null when the member sent it.
    table.jsonb('on_behalf_consent').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'id']);
    table.index(['community_id', 'from_member', 'created_at']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('clearing_transfers');
}
