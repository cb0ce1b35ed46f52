// Sessions that end at once: one row per login, and a version on each user that a role change,
// disabling or a new password moves on.
//
// An access token is a signed JWT that lives 15 minutes, and until now nothing but its signature
// and expiry was checked, so a demoted coordinator or a logged-out phone kept its power until the
// token expired. Every authenticated request now reads the user's row and the token's session in
// one indexed query (packages/api/src/auth/session-check.ts): the role must be the token's, the
// account enabled, the session not ended and stamped with the user's current `session_version`.
//
// A session is what refresh-token families were: the tokens of one login. Its id is the family
// id, so rows written before this migration get a session each (ended if every token of the
// family was revoked). The version lives on the user and is copied to the session at login: a
// login that read the user just before a role change made its session with the old version, so
// it is refused even though the change did not see that session yet.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table users add column session_version integer not null default 0');
  await knex.raw('alter table users add constraint users_session_version_not_negative check (session_version >= 0)');

  await knex.schema.createTable('sessions', (table) => {
    table.text('community_id').notNullable();
    // The family id of the session's refresh tokens; the access tokens carry it as `sid`.
    table.text('id').notNullable();
    table.text('user_id').notNullable();
    // The user's session_version when the session began; the session holds while they are equal.
    table.integer('user_version').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Logout, reuse of a rotated refresh token, or a change to the account.
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.primary(['community_id', 'id']);
    table.foreign(['community_id', 'user_id']).references(['community_id', 'id']).inTable('users');
    table.index(['community_id', 'user_id']);
  });

  await knex.raw(`
    insert into sessions (community_id, id, user_id, user_version, created_at, ended_at)
    select community_id, family_id, min(user_id), 0, min(created_at),
           case when bool_and(revoked_at is not null) then max(revoked_at) end
    from refresh_tokens
    group by community_id, family_id`);
  await knex.schema.alterTable('refresh_tokens', (table) => {
    table.foreign(['community_id', 'family_id'], 'refresh_tokens_session').references(['community_id', 'id']).inTable('sessions');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('refresh_tokens', (table) => {
    table.dropForeign(['community_id', 'family_id'], 'refresh_tokens_session');
  });
  await knex.schema.dropTable('sessions');
  await knex.raw('alter table users drop column session_version');
}
