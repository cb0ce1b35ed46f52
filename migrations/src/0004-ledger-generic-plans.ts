// The ledger's functions plan their statements once for any community (generic plans).
//
// PL/pgSQL plans a statement with the call's parameters for its first five calls, and keeps such a
// custom plan while it looks no dearer than the generic one. With the community as a parameter,
// a community that ANALYZE has not seen yet (every new one, in a database whose statistics come
// from the communities already there) is estimated at one row, and the planner may then find a
// transaction by the primary key (community_id, seq) on community_id alone, filtering every row
// of the community by id, instead of by the unique key (community_id, id). Measured on
// PostgreSQL 15: after 700,000 transactions of one community and ANALYZE, a new community wrote
// 100 transactions/s, each linked batch of 100 taking 1.5 s, with 54,000 rows removed by the
// filter per probe; with generic plans the same batch took 54 ms on a fresh connection, and the
// bench's new community loads at full speed. A generic plan estimates from the average community,
// which is what every statement of these functions wants: probes by key within one community.
import type { Knex } from 'knex';

export const genericPlanFunctions = [
  'linli_apply(text, text, boolean, jsonb)',
  'linli_post(text, timestamp with time zone, text, jsonb, bigint, text)',
  'linli_post_all(text, timestamp with time zone, text, jsonb, bigint, text)',
  'linli_hold_create(text, timestamp with time zone, jsonb)',
  'linli_hold_release(text, timestamp with time zone, text, text)',
  'linli_hold_void(text, timestamp with time zone, text)',
  'linli_expire_holds(text, timestamp with time zone)',
];

export async function up(knex: Knex): Promise<void> {
  for (const fn of genericPlanFunctions) await knex.raw(`alter function ${fn} set plan_cache_mode = force_generic_plan`);
}

export async function down(knex: Knex): Promise<void> {
  for (const fn of genericPlanFunctions) await knex.raw(`alter function ${fn} reset plan_cache_mode`);
}
