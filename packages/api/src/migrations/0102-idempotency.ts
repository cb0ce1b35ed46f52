// Idempotency keys of writing requests: the first response to (community, user, key) is kept
// and replayed. The row is inserted before the work starts (a claim), so that of two concurrent
// requests with one key exactly one does the work: the primary key decides, on PostgreSQL too.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (table) => {
    table.text('community_id').notNullable();
    table.text('user_id').notNullable();
    table.text('key').notNullable();
    // `POST /api/v1/members`: a key reused on another route counts as a different request.
    table.text('route').notNullable();
    // SHA-256 of the canonical JSON of the route, parameters, query and body.
    table.binary('request_hash').notNullable();
    table.text('state').notNullable();
    table.integer('response_status').nullable();
    table.jsonb('response_body').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('completed_at', { useTz: true }).nullable();
    // After this a key may be claimed afresh (clients retry within minutes, not days).
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.primary(['community_id', 'user_id', 'key']);
    table.foreign(['community_id', 'user_id']).references(['community_id', 'id']).inTable('users');
    table.index(['community_id', 'expires_at']);
  });
  await knex.raw(`alter table idempotency_keys add constraint idempotency_keys_state_known check (state in ('in_flight', 'completed'))`);
  await knex.raw(
    `alter table idempotency_keys add constraint idempotency_keys_completed_has_response check (state = 'in_flight' or response_status is not null)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}
