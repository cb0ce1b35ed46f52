// Redemption rules and the distributions that count against household quotas.
//
// Quotas are counted here, not by reading the ledger's journal: the ledger has no index on a
// transaction's household, and a check made by reading the journal could not stop two handouts
// to the same household, made at the same moment, from both passing. A distribution is first
// reserved in `distributions` while the household's (or member's) row is locked, then posted to
// the ledger, then marked posted; if the ledger refuses, the reservation is deleted. A crash
// between the steps leaves a reservation that counts against the quota (never in the household's
// favour) until the same request is retried and posts it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('redemption_rules', (table) => {
    table.text('community_id').notNullable();
    table.text('item_code').notNullable();
    // Love points per unit of the item (per piece, or per kilogram of weighed goods).
    table.decimal('points_per_unit', 20, 0).notNullable();
    // Units one household may receive per calendar month (China Standard Time); null: no quota.
    table.decimal('monthly_quota', 24, 3).nullable();
    table.primary(['community_id', 'item_code']);
    table.foreign(['community_id', 'item_code']).references(['community_id', 'code']).inTable('catalogue_items');
  });
  await knex.raw(
    `alter table redemption_rules add constraint redemption_rules_values check (points_per_unit >= 0 and (monthly_quota is null or monthly_quota >= 0))`,
  );

  // The hour rule (Nanjing's): members redeem hours for goods only once they have banked
  // `min_banked_hours`, at most `max_share` of their balance at a time, at `points_per_hour`.
  await knex.schema.createTable('hour_redemption_rules', (table) => {
    table.text('community_id').notNullable().primary();
    table.boolean('enabled').notNullable();
    table.decimal('min_banked_hours', 20, 2).notNullable();
    table.decimal('max_share', 5, 4).notNullable();
    table.decimal('points_per_hour', 20, 0).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
  await knex.raw(
    `alter table hour_redemption_rules add constraint hour_redemption_rules_values check (min_banked_hours >= 0 and max_share > 0 and max_share <= 1 and points_per_hour > 0)`,
  );

  await knex.schema.createTable('distributions', (table) => {
    table.text('community_id').notNullable();
    // Also the ledger transaction's id.
    table.text('id').notNullable();
    table.text('store_id').notNullable();
    table.text('recipient_kind').notNullable();
    // A household code or a member's user id.
    table.text('recipient').notNullable();
    // `2026-11`, in China Standard Time: the quota's period.
    table.text('month').notNullable();
    table.decimal('points', 20, 0).notNullable();
    table.decimal('hours', 20, 2).notNullable();
    table.text('status').notNullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'id']);
    table.index(['community_id', 'recipient', 'month']);
    table.foreign(['community_id', 'store_id']).references(['community_id', 'id']).inTable('stores');
  });
  await knex.raw(
    `alter table distributions add constraint distributions_values check (recipient_kind in ('household', 'member') and status in ('reserved', 'posted') and points >= 0 and hours >= 0 and month ~ '^[0-9]{4}-[0-9]{2}$')`,
  );

  await knex.schema.createTable('distribution_lines', (table) => {
    table.text('community_id').notNullable();
    table.text('distribution_id').notNullable();
    table.text('item_code').notNullable();
    table.decimal('quantity', 24, 3).notNullable();
    table.primary(['community_id', 'distribution_id', 'item_code']);
    table.foreign(['community_id', 'distribution_id']).references(['community_id', 'id']).inTable('distributions').onDelete('CASCADE');
  });
  await knex.raw(`alter table distribution_lines add constraint distribution_lines_quantity_positive check (quantity > 0)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('distribution_lines');
  await knex.schema.dropTable('distributions');
  await knex.schema.dropTable('hour_redemption_rules');
  await knex.schema.dropTable('redemption_rules');
}
