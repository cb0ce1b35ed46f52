// A store assignment names a store that exists: the database checks what the service checks.
//
// `store_staff` (0200) came before `stores` (0250), so it could not refer to it then. Admins now
// assign staff through the API, which refuses an unknown store (`not_found`); this foreign key
// refuses it a second time, for any other path into the table. NOT VALID: rows written before are
// not checked (an assignment to a store that does not exist grants nothing anyway), new ones are.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `alter table store_staff add constraint store_staff_store foreign key (community_id, store_id) references stores (community_id, id) not valid`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table store_staff drop constraint store_staff_store');
}
