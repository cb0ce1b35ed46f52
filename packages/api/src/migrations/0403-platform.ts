// The platform level above communities: a street office (街道) or a district civil-affairs bureau
// runs several communities and needs an admin who is bound to none of them. That admin logs in
// like anyone else (community code, username, password), so the platform is a row of
// `community_profiles` marked `is_platform`, with users of the role `platform_admin` and no ledger
// books. Keeping it a community keeps every key's first column `community_id` (one Citus shard
// per community, the platform's own included), and login, sessions, refresh tokens and the
// one-time password gate work for it unchanged.
//
// The database holds the rule twice over with the code: a `platform_admin` belongs to the
// platform and nobody else does (a trigger, since the flag lives on another table), and the
// platform's code is always `platform` (a check): so there is at most one, and no community can
// take its code.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('community_profiles', (table) => {
    table.boolean('is_platform').notNullable().defaultTo(false);
  });
  await knex.raw(
    `alter table community_profiles add constraint community_profiles_platform_code check (is_platform = (community_id = 'platform'))`,
  );
  await knex.raw(`alter table users drop constraint users_role_known`);
  await knex.raw(
    `alter table users add constraint users_role_known check (role in ('member', 'staff', 'coordinator', 'auditor', 'admin', 'platform_admin'))`,
  );
  await knex.raw(`
    create function users_platform_role_check() returns trigger language plpgsql as $$
    declare
      platform boolean;
    begin
      select is_platform into platform from community_profiles where community_id = new.community_id;
      if coalesce(platform, false) <> (new.role = 'platform_admin') then
        raise exception 'role % does not belong in community %', new.role, new.community_id using errcode = '23514';
      end if;
      return new;
    end $$`);
  await knex.raw(
    `create trigger users_platform_role before insert or update of role, community_id on users for each row execute function users_platform_role_check()`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop trigger users_platform_role on users`);
  await knex.raw(`drop function users_platform_role_check()`);
  await knex.raw(`delete from users where role = 'platform_admin'`);
  await knex.raw(`alter table users drop constraint users_role_known`);
  await knex.raw(
    `alter table users add constraint users_role_known check (role in ('member', 'staff', 'coordinator', 'auditor', 'admin'))`,
  );
  await knex.raw(`alter table community_profiles drop constraint community_profiles_platform_code`);
  await knex.schema.alterTable('community_profiles', (table) => {
    table.dropColumn('is_platform');
  });
}
