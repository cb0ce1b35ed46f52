// The service's communities, users and refresh tokens: who may log in, with which role, where.
//
// Every primary, unique and foreign key starts with community_id so that each community is one
// Citus shard. Login therefore takes the community code as well as the username: a username is
// unique only inside its community, and no global lookup table is needed. A refresh token
// carries its community in clear for the same reason (see packages/api/src/auth/refresh-tokens.ts).
//
// `community_profiles` is named so rather than `communities` to leave that name to the ledger's
// own books; the service keeps here only what it needs to show and to decide about the demo.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('community_profiles', (table) => {
    table.text('community_id').notNullable().primary();
    table.text('name').notNullable();
    table.boolean('is_demo').notNullable().defaultTo(false);
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `alter table community_profiles add constraint community_profiles_id_shape check (community_id ~ '^[a-z0-9][a-z0-9-]{0,63}$')`,
  );

  await knex.schema.createTable('users', (table) => {
    table.text('community_id').notNullable();
    table.text('id').notNullable();
    table.text('username').notNullable();
    table.text('display_name').notNullable();
    table.text('role').notNullable();
    // A versioned scrypt hash string (`scrypt$1$…`), never the password.
    table.text('password_hash').notNullable();
    // Demo accounts have published passwords; they can log in only while demo mode is on.
    table.boolean('is_demo').notNullable().defaultTo(false);
    table.timestamp('disabled_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'id']);
    table.unique(['community_id', 'username']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
  await knex.raw(
    `alter table users add constraint users_role_known check (role in ('member', 'staff', 'coordinator', 'auditor', 'admin'))`,
  );
  await knex.raw(`alter table users add constraint users_username_shape check (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$')`);

  await knex.schema.createTable('refresh_tokens', (table) => {
    table.text('community_id').notNullable();
    table.text('id').notNullable();
    table.text('user_id').notNullable();
    // Tokens issued by rotation share their login's family; reuse of a rotated token revokes it.
    table.text('family_id').notNullable();
    // SHA-256 of the token's random secret (256 bits): a fast hash suffices for random secrets.
    table.binary('secret_hash').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('rotated_at', { useTz: true }).nullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.primary(['community_id', 'id']);
    table.foreign(['community_id', 'user_id']).references(['community_id', 'id']).inTable('users');
    table.index(['community_id', 'family_id']);
    table.index(['community_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('refresh_tokens');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('community_profiles');
}
