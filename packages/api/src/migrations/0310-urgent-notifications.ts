// Urgent notifications: who was told of which urgent need, in which wave, from when. The record is
// the notification (no SMS or push is sent): a volunteer reads theirs once its time has come, and
// the times are the cooldown's memory across needs and repeated launches.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('urgent_notifications', (table) => {
    table.text('community_id').notNullable();
    table.text('need_id').notNullable();
    table.text('volunteer_id').notNullable();
    // 0 for the first wave of the need's launch.
    table.integer('wave').notNullable();
    // When the volunteer is notified; later waves lie in the future when recorded.
    table.timestamp('notify_at', { useTz: true }).notNullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    // A volunteer is told of one need once.
    table.primary(['community_id', 'need_id', 'volunteer_id']);
    // The cooldown reads each volunteer's latest notification; a volunteer lists theirs.
    table.index(['community_id', 'volunteer_id', 'notify_at']);
    table.foreign(['community_id', 'need_id']).references(['community_id', 'id']).inTable('needs');
  });
  await knex.raw(`alter table urgent_notifications add constraint urgent_notifications_wave_bounds check (wave between 0 and 7)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('urgent_notifications');
}
