// The audit log: who did which privileged action (role changes, member and household changes,
// reads of personal data, exports later), to what, and when. Rows are only ever inserted.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (table) => {
    table.text('community_id').notNullable();
    table.uuid('id').notNullable();
    // The acting user's id; `system` for the demo seed and other work without a user.
    table.text('actor').notNullable();
    table.text('action').notNullable();
    table.text('target').notNullable();
    table.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Never personal data in clear: ids, codes, roles and counts only.
    table.jsonb('details').notNullable().defaultTo('{}');
    table.primary(['community_id', 'id']);
    table.index(['community_id', 'at']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
  // The log is append-only: the database refuses updates and deletes, not only the code.
  await knex.raw(`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log rows are never changed or deleted';
    end $$`);
  await knex.raw(`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_refuse_change()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
  await knex.raw('drop function if exists audit_log_refuse_change()');
}
