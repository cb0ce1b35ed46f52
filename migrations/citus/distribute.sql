-- The distribution plan: every table sharded by community_id in one co-location group, and the
-- ledger's functions run on the node that holds their community's shard.
--
-- Why this shape (docs/SCALING.md has the whole argument and the Citus documentation it relies on):
-- - Every key of every table leads with community_id, so a community's rows, keys and foreign
--   keys all live in one shard of each table; co-locating the tables puts those shards on one
--   node. A community's transaction (the ledger's postings and the service's own rows together)
--   then runs on one node, with that node's locks, constraints and triggers, as on one server.
-- - No table is a reference table: none is read by every community, and a reference table's
--   writes go to every node with two-phase commit, which would serialize the whole cluster.
-- - linli_apply and the functions it calls are distributed by their community argument and
--   co-located with the ledger's tables, so the coordinator forwards one call to the community's
--   node and every statement inside it runs there. force_delegation also forwards calls made
--   inside a transaction block (the service runs a route's writes in one database transaction);
--   Citus then requires every statement of the function to filter on that community, which they do.
-- - Nothing crosses two communities in one SQL transaction: hours between communities move
--   through the clearing protocol (packages/ledger/src/books/clearing.ts), step by step.
--
-- How to run it, once, on the Citus coordinator, after the migrations (`migrateToLatest`) and
-- after migrations/citus/row-level-checks.sql, as the tables' owner:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f migrations/citus/row-level-checks.sql -f migrations/citus/distribute.sql
--
-- test/citus-plan.test.ts reads this file and the migrated catalogue: a table missing here, a key
-- without community_id, a function that writes without a community argument, or a feature Citus
-- does not support on distributed tables fails it. Keep to the statement shapes below: the test
-- refuses any statement it does not recognise.

-- knex's bookkeeping stays in plain tables on the coordinator, where migrations run:
-- local table: knex_migrations
-- local table: knex_migrations_lock

-- The ledger keeps its checks in triggers (journal rows immutable, postings written with their
-- transaction, every transaction balanced at commit). Citus creates triggers on distributed
-- tables only with this setting, on every node (it is checked where the trigger is created).
alter system set citus.enable_unsafe_triggers = on;
select pg_reload_conf();
select run_command_on_workers('alter system set citus.enable_unsafe_triggers = on');
select run_command_on_workers('select pg_reload_conf()');

-- The ledger. A referenced table is distributed before the tables whose foreign keys point at it.
select create_distributed_table('ledger_communities', 'community_id', colocate_with := 'none');
select create_distributed_table('ledger_units', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('ledger_accounts', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('ledger_transactions', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('ledger_postings', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('ledger_holds', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('ledger_balance_checks', 'community_id', colocate_with := 'ledger_communities');

-- The service's tables, in the same group: a route's rows and its postings share a node.
select create_distributed_table('community_profiles', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('users', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('sessions', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('refresh_tokens', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('audit_log', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('tamper_checks', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('idempotency_keys', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('member_profiles', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('households', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('clearing_transfers', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('stores', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('store_staff', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('catalogue_items', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('donors', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('donations', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('redemption_rules', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('hour_redemption_rules', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('distributions', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('distribution_lines', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('stock_counts', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('stock_count_lines', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('funds', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('fund_projects', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('volunteer_profiles', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('needs', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('assignments', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('urgent_notifications', 'community_id', colocate_with := 'ledger_communities');
select create_distributed_table('membership_applications', 'community_id', colocate_with := 'ledger_communities');

-- The ledger's functions, by their community argument. linli_apply is the one the service calls;
-- the others run inside it, and are distributed so that they exist on every node with their
-- community argument recorded.
select create_distributed_function('linli_apply(text, text, boolean, jsonb)', 'p_community', colocate_with := 'ledger_communities', force_delegation := true);
select create_distributed_function('linli_post(text, timestamptz, text, jsonb, bigint, text)', 'p_community', colocate_with := 'ledger_communities', force_delegation := true);
select create_distributed_function('linli_post_all(text, timestamptz, text, jsonb, bigint, text)', 'p_community', colocate_with := 'ledger_communities', force_delegation := true);
select create_distributed_function('linli_hold_create(text, timestamptz, jsonb)', 'p_community', colocate_with := 'ledger_communities', force_delegation := true);
select create_distributed_function('linli_hold_release(text, timestamptz, text, text)', 'p_community', colocate_with := 'ledger_communities', force_delegation := true);
select create_distributed_function('linli_hold_void(text, timestamptz, text)', 'p_community', colocate_with := 'ledger_communities', force_delegation := true);
select create_distributed_function('linli_expire_holds(text, timestamptz)', 'p_community', colocate_with := 'ledger_communities', force_delegation := true);
