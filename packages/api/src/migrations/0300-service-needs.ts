// Service needs and their assignments, and what matching needs to know of a volunteer beyond the
// member profile (which keeps languages and plain skill tags). A need shows only its grid cell
// (网格) and an approximate place; its exact address is sealed (AES-256-GCM) and shown only to the
// volunteers confirmed on it. Hours live in the ledger: an assignment keeps only the ids of its
// hold and of the transaction that posted it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('volunteer_profiles', (table) => {
    table.text('community_id').notNullable();
    table.text('user_id').notNullable();
    // [{ skill, level }], level 1 can help, 2 experienced, 3 expert.
    table.jsonb('skills').notNullable().defaultTo('[]');
    // [{ name, expiresOn }] with expiresOn a local date (YYYY-MM-DD).
    table.jsonb('certificates').notNullable().defaultTo('[]');
    table.text('grid_cell').notNullable();
    // Metres east and north on the city plane, rounded to 100 m by the service.
    table.integer('place_east_m').notNullable();
    table.integer('place_north_m').notNullable();
    table.integer('travel_radius_m').notNullable();
    // [{ weekday, startMinute, endMinute }] in local time.
    table.jsonb('weekly_availability').notNullable().defaultTo('[]');
    table.text('weekly_hour_cap').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'user_id']);
    table.foreign(['community_id', 'user_id']).references(['community_id', 'user_id']).inTable('member_profiles');
  });

  await knex.schema.createTable('needs', (table) => {
    table.text('community_id').notNullable();
    table.text('id').notNullable();
    table.text('title').notNullable();
    // The member served (a user id), or null for a public-benefit need.
    table.text('requester_id').nullable();
    // 'requester' (the requester's hours pay) or 'pool' (the community's hour pool pays).
    table.text('payer').notNullable();
    table.jsonb('skills').notNullable().defaultTo('[]');
    table.jsonb('certificates').notNullable().defaultTo('[]');
    table.jsonb('languages').notNullable().defaultTo('[]');
    table.text('grid_cell').notNullable();
    table.integer('place_east_m').notNullable();
    table.integer('place_north_m').notNullable();
    table.text('address_sealed').nullable();
    table.timestamp('window_start', { useTz: true }).notNullable();
    table.timestamp('window_end', { useTz: true }).notNullable();
    table.integer('slots').notNullable();
    table.text('hours_per_slot').notNullable();
    table.integer('urgency').notNullable();
    table.text('status').notNullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['community_id', 'id']);
    table.index(['community_id', 'status', 'window_start']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
  await knex.raw(
    `alter table needs add constraint needs_payer_known check (payer in ('requester', 'pool') and (payer = 'pool' or requester_id is not null))`,
  );
  await knex.raw(`alter table needs add constraint needs_status_known check (status in ('open', 'closed', 'cancelled'))`);
  await knex.raw(
    `alter table needs add constraint needs_bounds check (slots between 1 and 50 and urgency between 1 and 5 and window_end > window_start)`,
  );

  await knex.schema.createTable('assignments', (table) => {
    table.text('community_id').notNullable();
    table.text('id').notNullable();
    table.text('need_id').notNullable();
    // 1 … slots once accepted; null while proposed.
    table.integer('slot').nullable();
    table.text('volunteer_id').notNullable();
    table.text('status').notNullable();
    // The engine's cost parts and total when proposed, and the rounded distance.
    table.jsonb('cost_parts').notNullable();
    table.integer('cost').notNullable();
    table.integer('distance_m').notNullable();
    table.text('hold_id').nullable();
    table.timestamp('checked_in_at', { useTz: true }).nullable();
    table.timestamp('checked_out_at', { useTz: true }).nullable();
    table.text('approved_hours').nullable();
    table.text('transaction_id').nullable();
    table.text('updated_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['community_id', 'id']);
    table.index(['community_id', 'need_id']);
    table.index(['community_id', 'volunteer_id', 'status']);
    table.foreign(['community_id', 'need_id']).references(['community_id', 'id']).inTable('needs');
  });
  await knex.raw(
    `alter table assignments add constraint assignments_status_known check (status in ('proposed', 'accepted', 'declined', 'checked_in', 'checked_out', 'approved', 'cancelled', 'no_show'))`,
  );
  // One volunteer per slot among the assignments that hold one.
  await knex.raw(
    `create unique index assignments_slot_taken on assignments (community_id, need_id, slot) where status in ('accepted', 'checked_in', 'checked_out', 'approved')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('assignments');
  await knex.schema.dropTable('needs');
  await knex.schema.dropTable('volunteer_profiles');
}
