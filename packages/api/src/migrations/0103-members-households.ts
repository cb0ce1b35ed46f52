// Volunteer profiles and households. Personal data (phone numbers; a household's name, phone,
// address, ID number) is stored only sealed with AES-256-GCM (packages/api/src/crypto/sealed.ts);
// the ledger sees a household only by its random pseudonymous code (`HH-7Q3K9`).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('member_profiles', (table) => {
    table.text('community_id').notNullable();
    table.text('user_id').notNullable();
    table.text('phone_sealed').nullable();
    // Lists of short tags (`zh`, `yue`; `cooking`, `escort`); the matching engine extends profiles.
    table.jsonb('languages').notNullable().defaultTo('[]');
    table.jsonb('skills').notNullable().defaultTo('[]');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'user_id']);
    table.foreign(['community_id', 'user_id']).references(['community_id', 'id']).inTable('users');
  });

  await knex.schema.createTable('households', (table) => {
    table.text('community_id').notNullable();
    // Random, never derived from personal data, so it can travel to the ledger and to exports.
    table.text('code').notNullable();
    table.text('personal_sealed').notNullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['community_id', 'code']);
    table.foreign(['community_id']).references(['community_id']).inTable('community_profiles');
  });
  await knex.raw(`alter table households add constraint households_code_shape check (code ~ '^HH-[0-9A-Z]{5}$')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('households');
  await knex.schema.dropTable('member_profiles');
}
