// Two gaps in migration 0002's checks, closed without changing its statement-level design.
//
// - An account keeps its unit. 0002 checks a posting's unit against its account's when the
//   posting is inserted; an account's unit changed afterwards would leave postings in one unit on
//   an account of another. The trigger that keeps an account's key now keeps its unit too (the
//   ledger never changes a unit: opening an account again in another unit is
//   `id_reused_with_different_body`).
// - A transaction's postings are written with it. 0002 checks again at commit only a transaction
//   whose postings of one statement do not balance; balanced postings appended to a committed
//   transaction passed, and since raw SQL does not move ledger_accounts.balance, the stored
//   balances quietly stopped matching the postings. Now every new posting's transaction row must
//   have been inserted by the current database transaction: its xmin is the current transaction's
//   id (linli_apply, and SQL that writes a transaction in several statements), or one of its
//   subtransactions' (a savepoint or a PL/pgSQL block with an exception handler), which are later
//   ids still in progress. This is read in the probe 0002 already makes for each distinct
//   transaction of a statement, so it stays one set-based check per statement.
import type { Knex } from 'knex';

/** 0002's check of a statement's new postings, with the transaction's xmin read in the same probe. */
function checkNewPostings(withTheirTransaction: boolean): string {
  const transactionCheck = withTheirTransaction
    ? `-- Each distinct transaction once, by its key (a scalar subquery is an index probe), with the
     -- id of the database transaction that inserted it: this one's, or a later id (one of its
     -- subtransactions) that is still in progress. Ids compare by their low 32 bits (xmin is 32 bits).
     v_top := pg_current_xact_id()::text::bigint;
     select x.community_id, x.seq, x.inserted_by into v_bad
       from (select y.community_id, y.seq,
                    (select t.xmin::text::bigint from ledger_transactions t where t.community_id = y.community_id and t.seq = y.seq) as inserted_by
               from (select distinct community_id, seq from new_postings) y) x
      where x.inserted_by is null
         or case when x.inserted_by = v_top & 4294967295 then false
                 when ((x.inserted_by - v_top) & 4294967295) >= 2147483648 then true
                 else pg_xact_status((v_top + ((x.inserted_by - v_top) & 4294967295))::text::xid8) is distinct from 'in progress'
            end
      limit 1;
     if found then
       if v_bad.inserted_by is null then
         raise exception 'a posting of % refers to transaction % that does not exist', v_bad.community_id, v_bad.seq
           using errcode = 'foreign_key_violation';
       end if;
       raise exception 'postings of % are added to transaction % after it was written; a transaction''s postings are written in the database transaction that writes it', v_bad.community_id, v_bad.seq
         using errcode = 'integrity_constraint_violation';
     end if;`
    : `-- Each distinct transaction and account once, by its key (a scalar subquery is an index probe).
     select x.community_id, x.seq into v_bad
       from (select distinct community_id, seq from new_postings) x
      where (select t.seq from ledger_transactions t where t.community_id = x.community_id and t.seq = x.seq) is null
      limit 1;
     if found then
       raise exception 'a posting of % refers to transaction % that does not exist', v_bad.community_id, v_bad.seq
         using errcode = 'foreign_key_violation';
     end if;`;
  return `create or replace function ledger_check_new_postings() returns trigger language plpgsql as $$
   declare
     v_bad record;${withTheirTransaction ? '\n     v_top bigint;' : ''}
   begin
     ${transactionCheck}
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
   end $$`;
}

function refuseAccountChange(unitToo: boolean): string {
  return `create or replace function ledger_refuse_account_removal() returns trigger language plpgsql as $$
   begin
     raise exception 'ledger accounts are closed, never deleted or given another key${unitToo ? ' or unit' : ''} (% on %)', tg_op, tg_table_name
       using errcode = 'integrity_constraint_violation';
   end $$`;
}

function keyKept(unitToo: boolean): string[] {
  return [
    'drop trigger ledger_accounts_key_kept on ledger_accounts',
    `create trigger ledger_accounts_key_kept before update of community_id, id${unitToo ? ', unit' : ''} on ledger_accounts
       for each row when (old.community_id is distinct from new.community_id or old.id is distinct from new.id${unitToo ? ' or old.unit is distinct from new.unit' : ''})
       execute function ledger_refuse_account_removal()`,
  ];
}

export async function up(knex: Knex): Promise<void> {
  for (const statement of [refuseAccountChange(true), ...keyKept(true), checkNewPostings(true)]) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  for (const statement of [refuseAccountChange(false), ...keyKept(false), checkNewPostings(false)]) await knex.raw(statement);
}
