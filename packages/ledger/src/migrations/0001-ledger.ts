// The ledger's tables, the database's own checks of its invariants, and the write function.
//
// Why these shapes:
// - Every key leads with community_id, so a community is one shard under Citus and no
//   community's write ever crosses shards.
// - The database checks the invariants a second time, independently of the TypeScript code:
//   journal rows cannot be updated or deleted (triggers), a transaction whose postings do not
//   sum to zero per unit cannot commit (a deferred constraint trigger), and no account's balance
//   can leave its limits (CHECK constraints).
// - Writes go through one function, linli_apply, so that a whole coalesced batch of
//   operations is one round trip and one commit. It takes the community's head row lock first,
//   which serializes every write of one community; under READ COMMITTED each later statement
//   then reads what the previous holder committed. Communities write in parallel.
import type { Knex } from 'knex';
import { ledgerFunctions } from './ledger-functions-v1.js';

const statements = [
  `create table ledger_communities (
    community_id text primary key,
    name text not null,
    last_seq bigint not null default 0 check (last_seq >= 0),
    last_hash text not null default repeat('0', 64),
    created_at timestamptz not null
  )`,
  `create table ledger_units (
    community_id text not null references ledger_communities (community_id),
    code text not null,
    scale smallint not null check (scale between 0 and 6),
    name text not null,
    primary key (community_id, code)
  )`,
  `create table ledger_accounts (
    community_id text not null,
    id text not null,
    unit text not null,
    name text not null,
    owner_ref text,
    lower_limit numeric,
    upper_limit numeric,
    status text not null default 'open' check (status in ('open', 'frozen', 'closed')),
    balance numeric not null default 0,
    held numeric not null default 0 check (held >= 0),
    incoming numeric not null default 0 check (incoming >= 0),
    metadata jsonb not null default '{}'::jsonb,
    created_at timestamptz not null,
    primary key (community_id, id),
    foreign key (community_id, unit) references ledger_units (community_id, code),
    constraint ledger_accounts_within_lower_limit check (lower_limit is null or balance - held >= lower_limit),
    constraint ledger_accounts_within_upper_limit check (upper_limit is null or balance + incoming <= upper_limit)
  )`,
  `create index ledger_accounts_owner on ledger_accounts (community_id, owner_ref) where owner_ref is not null`,
  `create table ledger_transactions (
    community_id text not null references ledger_communities (community_id),
    seq bigint not null check (seq > 0),
    id text not null,
    kind text not null,
    actor text not null,
    memo text not null,
    metadata jsonb not null,
    effective_at timestamptz not null,
    recorded_at timestamptz not null,
    reverses text,
    hold_id text,
    body_hash text not null,
    content_hash text not null,
    hash text not null,
    primary key (community_id, seq),
    unique (community_id, id)
  )`,
  `create index ledger_transactions_reverses on ledger_transactions (community_id, reverses) where reverses is not null`,
  `create table ledger_postings (
    community_id text not null,
    seq bigint not null,
    idx smallint not null,
    account_id text not null,
    unit text not null,
    amount numeric not null check (amount <> 0),
    balance_after numeric not null,
    effective_at timestamptz not null,
    primary key (community_id, seq, idx),
    foreign key (community_id, seq) references ledger_transactions (community_id, seq),
    foreign key (community_id, account_id) references ledger_accounts (community_id, id)
  )`,
  `create index ledger_postings_account on ledger_postings (community_id, account_id, seq)`,
  `create table ledger_holds (
    community_id text not null,
    id text not null,
    kind text not null,
    actor text not null,
    from_account text not null,
    to_account text not null,
    unit text not null,
    amount numeric not null check (amount > 0),
    memo text not null,
    metadata jsonb not null,
    status text not null check (status in ('pending', 'posted', 'voided', 'expired')),
    expires_at timestamptz,
    created_at timestamptz not null,
    resolved_at timestamptz,
    posted_amount numeric check (posted_amount > 0 and posted_amount <= amount),
    transaction_id text,
    body_hash text not null,
    primary key (community_id, id),
    foreign key (community_id, from_account) references ledger_accounts (community_id, id),
    foreign key (community_id, to_account) references ledger_accounts (community_id, id),
    check ((status = 'pending') = (resolved_at is null)),
    check ((status = 'posted') = (transaction_id is not null))
  )`,
  `create index ledger_holds_expiry on ledger_holds (community_id, expires_at) where status = 'pending' and expires_at is not null`,
  `create index ledger_holds_from on ledger_holds (community_id, from_account, id)`,
  `create index ledger_holds_to on ledger_holds (community_id, to_account, id)`,
  // Journal rows are written once.
  `create function ledger_refuse_change() returns trigger language plpgsql as $$
   begin
     raise exception 'ledger journal rows are never changed or deleted (% on %)', tg_op, tg_table_name
       using errcode = 'integrity_constraint_violation';
   end $$`,
  `create trigger ledger_transactions_immutable before update or delete on ledger_transactions
     for each row execute function ledger_refuse_change()`,
  `create trigger ledger_postings_immutable before update or delete on ledger_postings
     for each row execute function ledger_refuse_change()`,
  `create trigger ledger_transactions_no_truncate before truncate on ledger_transactions
     for each statement execute function ledger_refuse_change()`,
  `create trigger ledger_postings_no_truncate before truncate on ledger_postings
     for each statement execute function ledger_refuse_change()`,
  // A transaction balances per unit and has at least two postings, checked at commit.
  `create function ledger_check_balanced() returns trigger language plpgsql as $$
   declare
     v_postings int;
     v_unit text;
   begin
     -- One read of the transaction's postings for both checks: this runs once per transaction.
     select coalesce(sum(s.postings), 0), min(s.unit) filter (where s.total <> 0) into v_postings, v_unit
       from (select unit, count(*) as postings, sum(amount) as total from ledger_postings
              where community_id = new.community_id and seq = new.seq group by unit) s;
     if v_postings < 2 then
       raise exception 'transaction % of % has % postings; at least two are needed', new.id, new.community_id, v_postings
         using errcode = 'integrity_constraint_violation';
     end if;
     if v_unit is not null then
       raise exception 'transaction % of % does not balance in %', new.id, new.community_id, v_unit
         using errcode = 'integrity_constraint_violation';
     end if;
     return null;
   end $$`,
  `create constraint trigger ledger_transactions_balanced after insert on ledger_transactions
     deferrable initially deferred for each row execute function ledger_check_balanced()`,
  ...ledgerFunctions,
];

export async function up(knex: Knex): Promise<void> {
  for (const statement of statements) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'drop function if exists linli_apply, linli_post, linli_post_all, linli_hold_create, linli_hold_release, linli_hold_void, linli_expire_holds, ledger_check_balanced, ledger_refuse_change cascade',
  );
  for (const table of ['ledger_holds', 'ledger_postings', 'ledger_transactions', 'ledger_accounts', 'ledger_units', 'ledger_communities']) {
    await knex.raw(`drop table if exists ${table} cascade`);
  }
}
