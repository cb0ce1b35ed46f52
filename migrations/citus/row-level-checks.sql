-- Row-level checks in place of migrations 0002 and 0003's statement-level checks over transition
-- tables, for a database about to be distributed with Citus (migrations/citus/distribute.sql).
--
-- Why: on a distributed table a trigger runs on the shard, and Citus lets a query inside it reach
-- only shards on the same node. A row-level trigger that reads its own community's rows
-- (`where community_id = new.community_id`) is routed to the co-located shard beside it; a
-- statement-level trigger that joins its transition table to another table names no community, so
-- Citus would plan it across every shard, which it refuses inside a trigger ("cannot execute a
-- distributed query from a query on a shard"). docs/SCALING.md lists what Citus documents of each
-- feature. So the same rules are kept here with what Citus runs on one node:
--
-- - a posting's account exists, in the posting's unit: a foreign key over (community_id,
--   account_id, unit), which Citus supports between co-located tables that include the
--   distribution column;
-- - a posting's transaction exists and was written by this database transaction (migration
--   0003's rule): a row trigger that reads the transaction row by its key;
-- - a transaction balances per unit and has at least two postings when its database transaction
--   commits: migration 0001's deferred row trigger, which reads the transaction's postings by key.
--
-- What it costs: per posting a foreign-key probe and a trigger call with one probe, and per
-- transaction a trigger call at commit, where the statement-level checks read each statement's
-- new rows once (docs/PERFORMANCE.md, "Communities writing at once", measures both).
--
-- Run once, as the tables' owner, in one transaction, before distribute.sql:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --single-transaction -f migrations/citus/row-level-checks.sql
-- The single-server and embedded databases keep the statement-level checks: the migrations do
-- not run this file.

-- An account's (community, id, unit) is unique already (its key is (community, id)); the foreign
-- key below needs it as a constraint of its own.
alter table ledger_accounts add constraint ledger_accounts_id_unit unique (community_id, id, unit);
alter table ledger_postings add constraint ledger_postings_account_in_unit
  foreign key (community_id, account_id, unit) references ledger_accounts (community_id, id, unit);

-- Migration 0003's rule for one posting: its transaction row was inserted by this database
-- transaction (xmin is this transaction's id), or by one of its subtransactions still in progress
-- (a later id). Ids compare by their low 32 bits, as xmin has 32. The shard's rows and this trigger
-- are on one node, so xmin and the transaction ids are that node's.
create function ledger_check_posting_transaction() returns trigger language plpgsql as $$
declare
  v_top bigint := pg_current_xact_id()::text::bigint;
  v_inserted_by bigint;
begin
  select t.xmin::text::bigint into v_inserted_by
    from ledger_transactions t where t.community_id = new.community_id and t.seq = new.seq;
  if not found then
    raise exception 'a posting of % refers to transaction % that does not exist', new.community_id, new.seq
      using errcode = 'foreign_key_violation';
  end if;
  if v_inserted_by <> v_top & 4294967295
     and (((v_inserted_by - v_top) & 4294967295) >= 2147483648
          or pg_xact_status((v_top + ((v_inserted_by - v_top) & 4294967295))::text::xid8) is distinct from 'in progress') then
    raise exception 'postings of % are added to transaction % after it was written; a transaction''s postings are written in the database transaction that writes it', new.community_id, new.seq
      using errcode = 'integrity_constraint_violation';
  end if;
  return null;
end $$;
create trigger ledger_postings_with_their_transaction after insert on ledger_postings
  for each row execute function ledger_check_posting_transaction();

-- Migration 0001's check at commit, one row trigger call per new transaction.
create constraint trigger ledger_transactions_balanced after insert on ledger_transactions
  deferrable initially deferred for each row execute function ledger_check_balanced();

-- The statement-level checks the three above replace.
drop trigger ledger_postings_checked on ledger_postings;
drop trigger ledger_transactions_checked on ledger_transactions;
