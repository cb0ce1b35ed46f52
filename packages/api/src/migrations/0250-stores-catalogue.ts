// The charity supermarket's stores and item catalogue: what the service knows beside the ledger.
//
// The ledger keeps one unit per catalogue item (`ITEM:rice-5kg`) and one stock account per store
// and item; it does not keep prices, barcodes or which stores exist, which staff need to search
// and to value donations. A price here is only a default for valuing new donations: each donation
// records its own fair value on its ledger transaction, so a later price change moves no total.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stores', (table) => {
    table.text('community_id').notNullable();
    table.text('id').notNullable();
    table.text('name').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'id']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
  await knex.raw(`alter table stores add constraint stores_id_shape check (id ~ '^[a-z0-9][a-z0-9-]{0,39}$')`);

  await knex.schema.createTable('catalogue_items', (table) => {
    table.text('community_id').notNullable();
    // The ledger unit is `ITEM:<code>`.
    table.text('code').notNullable();
    table.text('name').notNullable();
    // 0 for pieces, 3 for goods weighed by the kilogram; the unit's scale in the ledger.
    table.smallint('scale').notNullable();
    // Yuan per unit, the default fair value of a donation (catalogue_price).
    table.decimal('unit_price', 20, 2).notNullable();
    table.text('barcode').nullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'code']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
  await knex.raw(`alter table catalogue_items add constraint catalogue_items_code_shape check (code ~ '^[a-z0-9][a-z0-9._-]{0,62}$')`);
  await knex.raw(`alter table catalogue_items add constraint catalogue_items_scale_known check (scale in (0, 3))`);
  await knex.raw(`alter table catalogue_items add constraint catalogue_items_price_not_negative check (unit_price >= 0)`);
  await knex.raw(`create unique index catalogue_items_barcode on catalogue_items (community_id, barcode) where barcode is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('catalogue_items');
  await knex.schema.dropTable('stores');
}
