// Stock counts: staff count the shelves, the service records the difference from the books at
// that moment, staff confirm a reason for each difference, and an admin finalizes, which posts
// the differences to the variance accounts as one linked batch. The state only moves forward
// (counted → confirmed → finalized); the database refuses any other value.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stock_counts', (table) => {
    table.text('community_id').notNullable();
    table.text('id').notNullable();
    table.text('store_id').notNullable();
    table.text('status').notNullable();
    table.text('counted_by').notNullable();
    table.timestamp('counted_at', { useTz: true }).notNullable();
    table.text('confirmed_by').nullable();
    table.timestamp('confirmed_at', { useTz: true }).nullable();
    table.text('finalized_by').nullable();
    table.timestamp('finalized_at', { useTz: true }).nullable();
    table.primary(['community_id', 'id']);
    table.index(['community_id', 'store_id', 'counted_at']);
    table.foreign(['community_id', 'store_id']).references(['community_id', 'id']).inTable('stores');
  });
  await knex.raw(
    `alter table stock_counts add constraint stock_counts_status_known check (status in ('counted', 'confirmed', 'finalized'))`,
  );
  await knex.raw(
    `alter table stock_counts add constraint stock_counts_steps check ((status = 'counted') = (confirmed_at is null) and (status = 'finalized') = (finalized_at is not null))`,
  );

  await knex.schema.createTable('stock_count_lines', (table) => {
    table.text('community_id').notNullable();
    table.text('count_id').notNullable();
    table.text('item_code').notNullable();
    // The book balance read when the count was recorded, what was counted, and counted − book.
    table.decimal('book', 24, 3).notNullable();
    table.decimal('counted', 24, 3).notNullable();
    table.decimal('difference', 24, 3).notNullable();
    table.text('reason').nullable();
    table.primary(['community_id', 'count_id', 'item_code']);
    table.foreign(['community_id', 'count_id']).references(['community_id', 'id']).inTable('stock_counts');
  });
  await knex.raw(
    `alter table stock_count_lines add constraint stock_count_lines_values check (counted >= 0 and difference = counted - book and (reason is null or reason in ('damaged', 'expired', 'miscounted', 'lost', 'found', 'other')))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('stock_count_lines');
  await knex.schema.dropTable('stock_counts');
}
