// Which charity-supermarket stores a staff user works in. The ledger knows a store only as the
// owner of its stock accounts (`ownerRef` = the store id); this table says which of those a staff
// user may read, so that staff of one store do not browse another store's books.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('store_staff', (table) => {
    table.text('community_id').notNullable();
    table.text('user_id').notNullable();
    // The store id as the ledger's stock accounts carry it (`store/<store>/stock/<item>`).
    table.text('store_id').notNullable();
    table.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'user_id', 'store_id']);
    table.foreign(['community_id', 'user_id']).references(['community_id', 'id']).inTable('users');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('store_staff');
}
