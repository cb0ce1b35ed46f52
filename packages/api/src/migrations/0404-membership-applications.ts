// Residents apply online to join a community: a public form (name, phone, skills, consent to the
// privacy notice), and a coordinator accepts (a member account with a one-time password, or a
// link to an existing account) or declines with a reason. The applicant follows the outcome with
// the application's reference and a secret given once when applying.
//
// The name and phone are personal data, so they are stored only sealed (crypto/sealed.ts), as a
// member's phone is; the secret is sealed too rather than hashed, so that a repeated request
// with the same Idempotency-Key (a dropped connection) answers the same reference and secret.
// Keyed by community first, like every table (one Citus shard per community).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('membership_applications', (table) => {
    table.text('community_id').notNullable();
    table.text('id').notNullable();
    table.text('status').notNullable().defaultTo('pending');
    // JSON { name, phone }, sealed with the context `<community>/applications/<id>/personal`.
    table.text('personal_sealed').notNullable();
    table.jsonb('skills').notNullable().defaultTo('[]');
    // Which privacy notice was consented to, and when.
    table.text('consent_notice').notNullable();
    table.timestamp('consented_at', { useTz: true }).notNullable();
    table.text('secret_sealed').notNullable();
    // SHA-256 of the Idempotency-Key and of the request: a repeat answers the first result.
    table.binary('idempotency_key_hash').notNullable();
    table.binary('request_hash').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('decided_by').nullable();
    table.text('decline_reason').nullable();
    // The member account the application became (accepted only).
    table.text('user_id').nullable();
    // An account made for the applicant: its one-time password, sealed, shown on the status page
    // until the applicant has changed it (the account's must_change_password says so).
    table.text('one_time_password_sealed').nullable();
    table.primary(['community_id', 'id']);
    table.unique(['community_id', 'idempotency_key_hash']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
    table.foreign(['community_id', 'user_id']).references(['community_id', 'id']).inTable('users');
    table.index(['community_id', 'status', 'created_at']);
  });
  await knex.raw(
    `alter table membership_applications add constraint membership_applications_status check (status in ('pending', 'accepted', 'declined'))`,
  );
  await knex.raw(`alter table membership_applications add constraint membership_applications_decided check (
    (status = 'pending' and decided_at is null and decided_by is null and decline_reason is null and user_id is null)
    or (status = 'accepted' and decided_at is not null and decided_by is not null and decline_reason is null and user_id is not null)
    or (status = 'declined' and decided_at is not null and decided_by is not null and decline_reason is not null and user_id is null))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('membership_applications');
}
