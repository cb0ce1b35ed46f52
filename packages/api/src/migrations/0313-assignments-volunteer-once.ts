// One volunteer is confirmed at most once on a need: the database checks what the service checks.
//
// The only unique index on assignments was on the slot (0300), so an accept of a volunteer's
// proposal and an urgent claim of the same need by that volunteer could each take a slot of its
// own. The service takes the volunteer's profile lock on both paths and checks again; this index
// refuses a second confirmed row on any path. Same statuses as `assignments_slot_taken`.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `create unique index assignments_volunteer_confirmed on assignments (community_id, need_id, volunteer_id) where status in ('accepted', 'checked_in', 'checked_out', 'approved')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index assignments_volunteer_confirmed');
}
