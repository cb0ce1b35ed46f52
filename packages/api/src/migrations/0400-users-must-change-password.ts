// A user who must choose a new password before doing anything else: the first admin of a
// community (`linli init`, `linli community create`) and anyone whose password an operator reset
// (`linli user reset-password`) got a one-time password that someone else has seen. Until they
// change it, the service answers only `GET /api/v1/me` and `POST /api/v1/me/password`.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (table) => {
    table.boolean('must_change_password').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (table) => {
    table.dropColumn('must_change_password');
  });
}
