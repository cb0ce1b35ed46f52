// The database's checks of postings, once per statement instead of once per row.
//
// Migration 0001 checked each posting with two foreign keys (its transaction, its account) and
// each transaction with a deferred row trigger at commit: six row-level checks per transaction of
// two postings, each a query of its own inside the backend, about half of what a write cost.
// These statement-level triggers read the statement's new rows (its transition table) and check
// them together, with one plan:
//
// - every new posting refers to a transaction and to an account of its community, and is in the
//   account's unit (refused at the end of the statement, as the foreign keys did);
// - a transaction balances per unit and has at least two postings when its database transaction
//   commits. A statement's postings that balance per transaction and unit keep a balanced
//   transaction balanced (postings are never changed or deleted), and a new transaction with two
//   or more postings at the end of its statement keeps them; so only a transaction that is short
//   of postings, or whose postings of one statement do not balance, is checked again: it is
//   written to ledger_balance_checks, whose deferred constraint trigger checks all of its postings
//   at commit. linli_apply writes each transaction and its postings balanced in one statement, so
//   it never needs that; SQL that writes a transaction in several statements gets the same
//   check at commit as before;
// - an account is never deleted or given another key (it is closed instead), since postings refer
//   to it and no foreign key keeps them from being orphaned now. This also leaves no race between
//   a posting's check and a concurrent delete of its account.
//
// Journal rows stay immutable (migration 0001's triggers), and ledger_transactions keeps its
// foreign key to ledger_communities.
import type { Knex } from 'knex';

const statements = [
  `create table ledger_balance_checks (
    community_id text not null,
    seq bigint not null,
    primary key (community_id, seq)
  )`,
  // Checks one transaction in full at commit: the same check as migration 0001's row trigger.
  `create function ledger_check_balanced_at_commit() returns trigger language plpgsql as $$
   declare
     v_id text;
     v_postings int;
     v_unit text;
   begin
     select id into v_id from ledger_transactions where community_id = new.community_id and seq = new.seq;
     select coalesce(sum(s.postings), 0), min(s.unit) filter (where s.total <> 0) into v_postings, v_unit
       from (select unit, count(*) as postings, sum(amount) as total from ledger_postings
              where community_id = new.community_id and seq = new.seq group by unit) s;
     if v_postings < 2 then
       raise exception 'transaction % of % has % postings; at least two are needed', coalesce(v_id, new.seq::text), new.community_id, v_postings
         using errcode = 'integrity_constraint_violation';
     end if;
     if v_unit is not null then
       raise exception 'transaction % of % does not balance in %', coalesce(v_id, new.seq::text), new.community_id, v_unit
         using errcode = 'integrity_constraint_violation';
     end if;
     delete from ledger_balance_checks where community_id = new.community_id and seq = new.seq;
     return null;
   end $$`,
  `create constraint trigger ledger_balance_checks_at_commit after insert on ledger_balance_checks
     deferrable initially deferred for each row execute function ledger_check_balanced_at_commit()`,
  // The new transactions of a statement: those with fewer than two postings at its end are checked at commit.
  `create function ledger_check_new_transactions() returns trigger language plpgsql as $$
   begin
     -- A scalar subquery per transaction is an index probe for its second posting.
     insert into ledger_balance_checks (community_id, seq)
     select t.community_id, t.seq from new_transactions t
      where (select p.idx from ledger_postings p where p.community_id = t.community_id and p.seq = t.seq order by p.idx offset 1 limit 1) is null
     on conflict do nothing;
     return null;
   end $$`,
  `create trigger ledger_transactions_checked after insert on ledger_transactions
     referencing new table as new_transactions for each statement execute function ledger_check_new_transactions()`,
  // The new postings of a statement: their transactions and accounts exist; their sums per transaction and unit.
  `create function ledger_check_new_postings() returns trigger language plpgsql as $$
   declare
     v_bad record;
   begin
     -- Each distinct transaction and account once, by its key (a scalar subquery is an index probe).
     select x.community_id, x.seq into v_bad
       from (select distinct community_id, seq from new_postings) x
      where (select t.seq from ledger_transactions t where t.community_id = x.community_id and t.seq = x.seq) is null
      limit 1;
     if found then
       raise exception 'a posting of % refers to transaction % that does not exist', v_bad.community_id, v_bad.seq
         using errcode = 'foreign_key_violation';
     end if;
     select x.community_id, x.account_id, x.unit, x.account_unit into v_bad
       from (select y.community_id, y.account_id, y.unit,
                    (select a.unit from ledger_accounts a where a.community_id = y.community_id and a.id = y.account_id) as account_unit
               from (select distinct community_id, account_id, unit from new_postings) y) x
      where x.account_unit is distinct from x.unit
      limit 1;
     if found then
       if v_bad.account_unit is null then
         raise exception 'a posting of % refers to account % that does not exist', v_bad.community_id, v_bad.account_id
           using errcode = 'foreign_key_violation';
       end if;
       raise exception 'a posting of % in % is on account % in %', v_bad.community_id, v_bad.unit, v_bad.account_id, v_bad.account_unit
         using errcode = 'integrity_constraint_violation';
     end if;
     insert into ledger_balance_checks (community_id, seq)
     select distinct s.community_id, s.seq
       from (select community_id, seq from new_postings group by community_id, seq, unit having sum(amount) <> 0) s
     on conflict do nothing;
     return null;
   end $$`,
  `create trigger ledger_postings_checked after insert on ledger_postings
     referencing new table as new_postings for each statement execute function ledger_check_new_postings()`,
  `create function ledger_refuse_account_removal() returns trigger language plpgsql as $$
   begin
     raise exception 'ledger accounts are closed, never deleted or given another key (% on %)', tg_op, tg_table_name
       using errcode = 'integrity_constraint_violation';
   end $$`,
  `create trigger ledger_accounts_not_deleted before delete on ledger_accounts
     for each row execute function ledger_refuse_account_removal()`,
  `create trigger ledger_accounts_key_kept before update of community_id, id on ledger_accounts
     for each row when (old.community_id is distinct from new.community_id or old.id is distinct from new.id)
     execute function ledger_refuse_account_removal()`,
  `create trigger ledger_accounts_no_truncate before truncate on ledger_accounts
     for each statement execute function ledger_refuse_account_removal()`,
  // What the triggers above replace.
  `alter table ledger_postings drop constraint ledger_postings_community_id_seq_fkey,
                               drop constraint ledger_postings_community_id_account_id_fkey`,
  `drop trigger ledger_transactions_balanced on ledger_transactions`,
];

export async function up(knex: Knex): Promise<void> {
  for (const statement of statements) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table ledger_postings
    add constraint ledger_postings_community_id_seq_fkey foreign key (community_id, seq) references ledger_transactions (community_id, seq),
    add constraint ledger_postings_community_id_account_id_fkey foreign key (community_id, account_id) references ledger_accounts (community_id, id)`);
  await knex.raw(`create constraint trigger ledger_transactions_balanced after insert on ledger_transactions
    deferrable initially deferred for each row execute function ledger_check_balanced()`);
  await knex.raw('drop trigger ledger_transactions_checked on ledger_transactions');
  await knex.raw('drop trigger ledger_postings_checked on ledger_postings');
  for (const trigger of ['ledger_accounts_not_deleted', 'ledger_accounts_key_kept', 'ledger_accounts_no_truncate']) {
    await knex.raw(`drop trigger ${trigger} on ledger_accounts`);
  }
  await knex.raw('drop table ledger_balance_checks');
  await knex.raw(
    'drop function ledger_check_balanced_at_commit, ledger_check_new_transactions, ledger_check_new_postings, ledger_refuse_account_removal',
  );
}
