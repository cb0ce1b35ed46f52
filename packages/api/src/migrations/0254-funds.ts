// Community charity funds (社区慈善基金) and their projects: names and the list to show. Balances
// live in the ledger (`fund/<code>`, `fund/<code>/spent/<project>`); a fund's lower limit of 0
// there is what stops spending more than it holds.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('funds', (table) => {
    table.text('community_id').notNullable();
    table.text('code').notNullable();
    table.text('name').notNullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'code']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
  await knex.raw(`alter table funds add constraint funds_code_shape check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$')`);

  await knex.schema.createTable('fund_projects', (table) => {
    table.text('community_id').notNullable();
    table.text('fund_code').notNullable();
    table.text('code').notNullable();
    table.text('name').notNullable();
    table.primary(['community_id', 'fund_code', 'code']);
    table.foreign(['community_id', 'fund_code']).references(['community_id', 'code']).inTable('funds');
  });
  await knex.raw(`alter table fund_projects add constraint fund_projects_code_shape check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('fund_projects');
  await knex.schema.dropTable('funds');
}
