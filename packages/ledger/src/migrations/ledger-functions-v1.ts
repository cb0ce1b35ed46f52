// The ledger's write function (version 1), created by migration 0001. Frozen: change it only by
// a new migration with a new version, so an old database and a new one never disagree.
//
// It mirrors packages/ledger/src/store-memory.ts, the reference model: the model-based tests
// run both on the same random operations and compare every result and balance.

const result = `jsonb_build_object('ok', false, 'code', v_code, 'detail', v_detail)`;

/** Checks and writes one transaction (a plain posting, a reversal, or the posting of a hold). */
const post = `create function linli_post(p_community text, p_now timestamptz, p_now_text text, t jsonb,
    inout p_seq bigint, inout p_hash text, out p_result jsonb) language plpgsql as $$
declare
  v_code text;
  v_detail text;
  v_check record;
  v_original record;
  v_hold record;
  v_hold_from text;
  v_hold_to text;
  v_hold_amount numeric := 0;
  v_full boolean;
  v_bad text;
  v_balances jsonb;
begin
  -- A hold's reservation counts in the limits below; its refusals come after the account checks.
  if t->>'holdId' is not null then
    select * into v_hold from ledger_holds where community_id = p_community and id = t->>'holdId';
    if found and v_hold.status = 'pending' then
      v_hold_from := v_hold.from_account;
      v_hold_to := v_hold.to_account;
      v_hold_amount := v_hold.amount;
    end if;
  end if;

  -- One read for every check of a plain posting: the id's earlier use, the accounts, the limits.
  -- Each account is found by its key: the LIMIT keeps the lateral lookup a nested loop of
  -- index probes, where a join would hash every account of the community once per posting.
  select e.seq as existing_seq, e.body_hash as existing_body_hash, c.*
    into v_check
    from (select min(x.account) filter (where a.id is null) as missing,
                 min(x.account) filter (where a.id is not null and a.unit <> x.unit) as mismatched,
                 min(x.account) filter (where a.status = 'frozen') as frozen,
                 min(x.account) filter (where a.status = 'closed') as closed,
                 min(x.account) filter (where x.amount < 0 and a.lower_limit is not null
                   and a.balance + x.amount - (a.held - case when a.id = v_hold_from then v_hold_amount else 0 end) < a.lower_limit) as below,
                 min(x.account) filter (where x.amount > 0 and a.upper_limit is not null
                   and a.balance + x.amount + (a.incoming - case when a.id = v_hold_to then v_hold_amount else 0 end) > a.upper_limit) as above,
                 array_agg(a.row_id) as row_ids
            from jsonb_to_recordset(t->'postings') as x(account text, unit text, amount numeric)
            left join lateral (select ctid as row_id, id, unit, status, lower_limit, upper_limit, balance, held, incoming from ledger_accounts
                                where community_id = p_community and id = x.account limit 1) a on true) c
    left join ledger_transactions e on e.community_id = p_community and e.id = t->>'id';
  if v_check.existing_seq is not null then
    if v_check.existing_body_hash = t->>'bodyHash' then
      p_result := jsonb_build_object('ok', true, 'replayed', true, 'seq', v_check.existing_seq);
    else
      v_code := 'id_reused_with_different_body';
      v_detail := format('transaction %s exists with another body', t->>'id');
      p_result := ${result};
    end if;
    return;
  end if;

  if v_check.missing is not null then
    v_code := 'account_not_found'; v_detail := format('account %s does not exist', v_check.missing);
  elsif v_check.mismatched is not null then
    v_code := 'unit_mismatch'; v_detail := format('account %s is in another unit', v_check.mismatched);
  elsif v_check.frozen is not null then
    v_code := 'account_frozen'; v_detail := format('account %s is frozen', v_check.frozen);
  elsif v_check.closed is not null then
    v_code := 'account_closed'; v_detail := format('account %s is closed', v_check.closed);
  end if;
  if v_code is not null then p_result := ${result}; return; end if;

  if t->>'reverses' is not null then
    select seq, id, reverses into v_original from ledger_transactions where community_id = p_community and id = t->>'reverses';
    if not found then
      v_code := 'transaction_not_found'; v_detail := format('transaction %s does not exist', t->>'reverses');
    elsif v_original.reverses is not null then
      v_code := 'reversal_not_reversible'; v_detail := format('transaction %s is itself a reversal', v_original.id);
    else
      with original as (
        select account_id, amount from ledger_postings where community_id = p_community and seq = v_original.seq
      ), taken as (
        select p.account_id, sum(p.amount) as amount
          from ledger_transactions r join ledger_postings p on p.community_id = r.community_id and p.seq = r.seq
         where r.community_id = p_community and r.reverses = v_original.id
         group by p.account_id
      )
      select bool_and(o.amount + coalesce(k.amount, 0) = 0) into v_full from original o left join taken k using (account_id);
      if v_full then
        v_code := 'already_reversed'; v_detail := format('transaction %s is already reversed in full', v_original.id);
      else
        with original as (
          select account_id, amount from ledger_postings where community_id = p_community and seq = v_original.seq
        ), taken as (
          select p.account_id, sum(p.amount) as amount
            from ledger_transactions r join ledger_postings p on p.community_id = r.community_id and p.seq = r.seq
           where r.community_id = p_community and r.reverses = v_original.id
           group by p.account_id
        )
        select min(x.account) into v_bad
          from jsonb_to_recordset(t->'postings') as x(account text, amount numeric)
          left join original o on o.account_id = x.account
          left join taken k on k.account_id = x.account
         where o.account_id is null
            or (o.amount + coalesce(k.amount, 0) + x.amount <> 0
                and sign(o.amount + coalesce(k.amount, 0) + x.amount) <> sign(o.amount))
            or sign(x.amount) = sign(o.amount);
        if v_bad is not null then
          v_code := 'reversal_exceeds_original';
          v_detail := format('reversing on %s takes back more than %s posted', v_bad, v_original.id);
        end if;
      end if;
    end if;
    if v_code is not null then p_result := ${result}; return; end if;
  end if;

  if t->>'holdId' is not null then
    if v_hold.id is null then
      v_code := 'hold_not_found'; v_detail := format('hold %s does not exist', t->>'holdId');
    elsif v_hold.status <> 'pending' then
      v_code := 'hold_not_pending'; v_detail := format('hold %s is %s', v_hold.id, v_hold.status);
    elsif v_hold.expires_at is not null and v_hold.expires_at <= p_now then
      v_code := 'hold_expired'; v_detail := format('hold %s expired', v_hold.id);
    elsif (select max((p->>'amount')::numeric) from jsonb_array_elements(t->'postings') p where p->>'account' = v_hold.to_account) > v_hold.amount then
      v_code := 'amount_exceeds_hold'; v_detail := format('hold %s holds %s; no more can be posted', v_hold.id, v_hold.amount);
    end if;
    if v_code is not null then p_result := ${result}; return; end if;
  end if;

  -- Limits (read above). Posting a hold releases its reservation in the same step.
  if v_check.below is not null then
    v_code := 'exceeds_lower_limit'; v_detail := format('account %s would fall below its lower limit', v_check.below);
  elsif v_check.above is not null then
    v_code := 'exceeds_upper_limit'; v_detail := format('account %s would rise above its upper limit', v_check.above);
  end if;
  if v_code is not null then p_result := ${result}; return; end if;

  -- Write: the transaction, then the postings with the balances they leave.
  p_seq := p_seq + 1;
  p_hash := encode(sha256(convert_to(p_hash || '|' || p_seq::text || '|' || p_now_text || '|' || (t->>'contentHash'), 'UTF8')), 'hex');
  with recorded as (
    insert into ledger_transactions (community_id, seq, id, kind, actor, memo, metadata, effective_at, recorded_at,
                                     reverses, hold_id, body_hash, content_hash, hash)
    values (p_community, p_seq, t->>'id', t->>'kind', t->>'actor', t->>'memo', t->'metadata', (t->>'effectiveAt')::timestamptz,
            p_now, t->>'reverses', t->>'holdId', t->>'bodyHash', t->>'contentHash', p_hash)
  ), x as (
    select (e.p->>'account') as account, (e.p->>'unit') as unit, (e.p->>'amount')::numeric as amount, e.ord
      from jsonb_array_elements(t->'postings') with ordinality as e(p, ord)
  ), updated as (
    -- The rows found above, by their physical address (a TID scan): a plan cached for many
    -- calls cannot turn this into a scan of the community's accounts. The head lock keeps the
    -- rows where the read found them; a.id = x.account still pairs each row with its posting.
    update ledger_accounts a
       set balance = a.balance + x.amount,
           held = a.held - case when a.id = v_hold_from then v_hold_amount else 0 end,
           incoming = a.incoming - case when a.id = v_hold_to then v_hold_amount else 0 end
      from x
     where a.ctid = any(v_check.row_ids) and a.community_id = p_community and a.id = x.account
    returning a.id, a.balance
  ), inserted as (
    insert into ledger_postings (community_id, seq, idx, account_id, unit, amount, balance_after, effective_at)
    select p_community, p_seq, x.ord, x.account, x.unit, x.amount, u.balance, (t->>'effectiveAt')::timestamptz
      from x join updated u on u.id = x.account
    returning idx, balance_after
  )
  select jsonb_agg(balance_after::text order by idx) into v_balances from inserted;
  if v_hold_from is not null then
    update ledger_holds
       set status = 'posted', resolved_at = p_now, transaction_id = t->>'id',
           posted_amount = (select (p->>'amount')::numeric from jsonb_array_elements(t->'postings') p where p->>'account' = v_hold_to)
     where community_id = p_community and id = t->>'holdId';
  end if;
  p_result := jsonb_build_object('ok', true, 'replayed', false, 'seq', p_seq, 'hash', p_hash, 'balances', v_balances);
end $$`;

/**
 * Checks and writes a whole batch of plain postings in two statements, when none of them can be
 * refused: no reversal or hold, ids new and distinct, every account open and in its unit, no
 * account twice in one transaction, and every limit kept with the postings applied in order
 * (a running sum per account). Each check is the one linli_post makes, over the whole batch
 * at once, so a batch that passes gets what the loop would give it: the same seqs, hashes,
 * balances and results. Otherwise p_results is null and linli_apply takes the loop, which
 * finds the refusals one at a time. Why: per statement, PostgreSQL spends more on planning
 * and starting the executor than on the rows of one transaction.
 */
const postAll = `create function linli_post_all(p_community text, p_now timestamptz, p_now_text text, p_operations jsonb,
    inout p_seq bigint, inout p_hash text, out p_results jsonb) language plpgsql as $$
declare
  v_first_seq bigint := p_seq + 1;
  v_clear boolean;
  v_row_ids tid[];
  v_content_hash text;
  v_hashes text[] := '{}';
begin
  with operations as (
    select o.ord, o.value->>'type' as type, o.value->'transaction' as t
      from jsonb_array_elements(p_operations) with ordinality as o(value, ord)
  ), postings as (
    select x.account, x.unit, x.amount,
           sum(x.amount) over (partition by x.account order by o.ord) as moved,
           count(*) over (partition by o.ord, x.account) as repeats
      from operations o cross join lateral jsonb_to_recordset(o.t->'postings') as x(account text, unit text, amount numeric)
  ), accounts as (
    -- Each account by its key: the LIMIT keeps the lateral lookup a nested loop of index probes.
    select bool_and(a.id is not null and a.unit = p.unit and a.status = 'open' and p.repeats = 1
                    and not (p.amount < 0 and a.lower_limit is not null and a.balance + p.moved - a.held < a.lower_limit)
                    and not (p.amount > 0 and a.upper_limit is not null and a.balance + p.moved + a.incoming > a.upper_limit)) as clear,
           array_agg(a.row_id) as row_ids
      from postings p
      left join lateral (select ctid as row_id, id, unit, status, lower_limit, upper_limit, balance, held, incoming from ledger_accounts
                          where community_id = p_community and id = p.account limit 1) a on true
  ), ids as (
    -- A scalar subquery per id is an index probe; an EXISTS could become a hash of the journal.
    select bool_and(o.type = 'post' and o.t->>'reverses' is null and o.t->>'holdId' is null
                    and (select e.seq from ledger_transactions e where e.community_id = p_community and e.id = o.t->>'id') is null) as clear,
           count(distinct o.t->>'id') = count(*) as distinct_ids
      from operations o
  )
  select a.clear and i.clear and i.distinct_ids, a.row_ids into v_clear, v_row_ids from accounts a, ids i;
  if not coalesce(v_clear, false) then
    p_results := null;
    return;
  end if;

  -- The chain, in order: each hash covers the one before it.
  for v_content_hash in select o.value->'transaction'->>'contentHash' from jsonb_array_elements(p_operations) with ordinality as o(value, ord) order by o.ord loop
    p_seq := p_seq + 1;
    p_hash := encode(sha256(convert_to(p_hash || '|' || p_seq::text || '|' || p_now_text || '|' || v_content_hash, 'UTF8')), 'hex');
    v_hashes := array_append(v_hashes, p_hash);
  end loop;

  with operations as (
    select v_first_seq + o.ord - 1 as seq, o.ord, o.value->'transaction' as t
      from jsonb_array_elements(p_operations) with ordinality as o(value, ord)
  ), recorded as (
    insert into ledger_transactions (community_id, seq, id, kind, actor, memo, metadata, effective_at, recorded_at,
                                     reverses, hold_id, body_hash, content_hash, hash)
    select p_community, o.seq, o.t->>'id', o.t->>'kind', o.t->>'actor', o.t->>'memo', o.t->'metadata', (o.t->>'effectiveAt')::timestamptz,
           p_now, null, null, o.t->>'bodyHash', o.t->>'contentHash', v_hashes[o.ord::int]
      from operations o
  ), postings as (
    select o.seq, x.idx, x.account, x.unit, x.amount, (o.t->>'effectiveAt')::timestamptz as effective_at,
           sum(x.amount) over (partition by x.account order by o.seq) as moved
      from operations o
           cross join lateral rows from (jsonb_to_recordset(o.t->'postings') as (account text, unit text, amount numeric)) with ordinality as x(account, unit, amount, idx)
  ), totals as (
    select account, sum(amount) as amount from postings group by account
  ), updated as (
    -- The rows found above, by their physical address (a TID scan); the head lock keeps them there.
    update ledger_accounts a
       set balance = a.balance + t.amount
      from totals t
     where a.ctid = any(v_row_ids) and a.community_id = p_community and a.id = t.account
    returning a.id, a.balance - t.amount as opening
  ), inserted as (
    insert into ledger_postings (community_id, seq, idx, account_id, unit, amount, balance_after, effective_at)
    select p_community, p.seq, p.idx, p.account, p.unit, p.amount, u.opening + p.moved, p.effective_at
      from postings p join updated u on u.id = p.account
    returning seq, idx, balance_after
  ), balances as (
    select seq, jsonb_agg(balance_after::text order by idx) as balances from inserted group by seq
  )
  select jsonb_agg(jsonb_build_object('ok', true, 'replayed', false, 'seq', b.seq, 'hash', v_hashes[(b.seq - v_first_seq + 1)::int], 'balances', b.balances) order by b.seq)
    into p_results
    from balances b;
end $$`;

const holdColumns = `jsonb_build_object('id', h.id, 'kind', h.kind, 'actor', h.actor, 'from', h.from_account, 'to', h.to_account,
  'unit', h.unit, 'amount', h.amount::text, 'memo', h.memo, 'metadata', h.metadata, 'status', h.status,
  'expiresAt', h.expires_at, 'createdAt', h.created_at, 'resolvedAt', h.resolved_at,
  'postedAmount', h.posted_amount::text, 'transactionId', h.transaction_id)`;

const holdCreate = `create function linli_hold_create(p_community text, p_now timestamptz, p_hold jsonb) returns jsonb language plpgsql as $$
declare
  v_code text;
  v_detail text;
  v_existing record;
  v_from record;
  v_to record;
  v_amount numeric := (p_hold->>'amount')::numeric;
begin
  select body_hash into v_existing from ledger_holds where community_id = p_community and id = p_hold->>'id';
  if found then
    if v_existing.body_hash = p_hold->>'bodyHash' then
      return (select jsonb_build_object('ok', true, 'replayed', true, 'hold', ${holdColumns})
                from ledger_holds h where h.community_id = p_community and h.id = p_hold->>'id');
    end if;
    v_code := 'id_reused_with_different_body'; v_detail := format('hold %s exists with another body', p_hold->>'id');
    return ${result};
  end if;
  select * into v_from from ledger_accounts where community_id = p_community and id = p_hold->>'from';
  select * into v_to from ledger_accounts where community_id = p_community and id = p_hold->>'to';
  if v_from.id is null then
    v_code := 'account_not_found'; v_detail := format('account %s does not exist', p_hold->>'from');
  elsif v_to.id is null then
    v_code := 'account_not_found'; v_detail := format('account %s does not exist', p_hold->>'to');
  elsif v_from.unit <> p_hold->>'unit' or v_to.unit <> p_hold->>'unit' then
    v_code := 'unit_mismatch'; v_detail := format('accounts %s and %s must both be in %s', v_from.id, v_to.id, p_hold->>'unit');
  elsif v_from.status = 'frozen' or v_to.status = 'frozen' then
    v_code := 'account_frozen'; v_detail := format('account %s is frozen', case when v_from.status = 'frozen' then v_from.id else v_to.id end);
  elsif v_from.status = 'closed' or v_to.status = 'closed' then
    v_code := 'account_closed'; v_detail := format('account %s is closed', case when v_from.status = 'closed' then v_from.id else v_to.id end);
  elsif v_from.lower_limit is not null and v_from.balance - v_from.held - v_amount < v_from.lower_limit then
    v_code := 'exceeds_lower_limit'; v_detail := format('account %s would fall below its lower limit', v_from.id);
  elsif v_to.upper_limit is not null and v_to.balance + v_to.incoming + v_amount > v_to.upper_limit then
    v_code := 'exceeds_upper_limit'; v_detail := format('account %s would rise above its upper limit', v_to.id);
  end if;
  if v_code is not null then return ${result}; end if;
  update ledger_accounts set held = held + v_amount where community_id = p_community and id = v_from.id;
  update ledger_accounts set incoming = incoming + v_amount where community_id = p_community and id = v_to.id;
  insert into ledger_holds (community_id, id, kind, actor, from_account, to_account, unit, amount, memo, metadata,
                            status, expires_at, created_at, body_hash)
  values (p_community, p_hold->>'id', p_hold->>'kind', p_hold->>'actor', v_from.id, v_to.id, p_hold->>'unit', v_amount, p_hold->>'memo', p_hold->'metadata',
          'pending', (p_hold->>'expiresAt')::timestamptz, p_now, p_hold->>'bodyHash');
  return (select jsonb_build_object('ok', true, 'replayed', false, 'hold', ${holdColumns})
            from ledger_holds h where h.community_id = p_community and h.id = p_hold->>'id');
end $$`;

/** Releases a pending hold's reservation and gives it its final status. */
const holdRelease = `create function linli_hold_release(p_community text, p_now timestamptz, p_id text, p_status text) returns void language plpgsql as $$
declare
  v_hold record;
begin
  update ledger_holds set status = p_status, resolved_at = p_now
   where community_id = p_community and id = p_id and status = 'pending'
  returning from_account, to_account, amount into v_hold;
  update ledger_accounts set held = held - v_hold.amount where community_id = p_community and id = v_hold.from_account;
  update ledger_accounts set incoming = incoming - v_hold.amount where community_id = p_community and id = v_hold.to_account;
end $$`;

const holdVoid = `create function linli_hold_void(p_community text, p_now timestamptz, p_id text) returns jsonb language plpgsql as $$
declare
  v_code text;
  v_detail text;
  v_status text;
begin
  select status into v_status from ledger_holds where community_id = p_community and id = p_id;
  if not found then
    v_code := 'hold_not_found'; v_detail := format('hold %s does not exist', p_id);
    return ${result};
  end if;
  if v_status = 'voided' then
    return (select jsonb_build_object('ok', true, 'replayed', true, 'hold', ${holdColumns}) from ledger_holds h where h.community_id = p_community and h.id = p_id);
  end if;
  if v_status <> 'pending' then
    v_code := 'hold_not_pending'; v_detail := format('hold %s is %s', p_id, v_status);
    return ${result};
  end if;
  perform linli_hold_release(p_community, p_now, p_id, 'voided');
  return (select jsonb_build_object('ok', true, 'replayed', false, 'hold', ${holdColumns}) from ledger_holds h where h.community_id = p_community and h.id = p_id);
end $$`;

const expireHolds = `create function linli_expire_holds(p_community text, p_now timestamptz) returns jsonb language plpgsql as $$
declare
  v_id text;
  v_expired int := 0;
begin
  for v_id in select id from ledger_holds
               where community_id = p_community and status = 'pending' and expires_at is not null and expires_at <= p_now
               order by id loop
    perform linli_hold_release(p_community, p_now, v_id, 'expired');
    v_expired := v_expired + 1;
  end loop;
  return jsonb_build_object('ok', true, 'replayed', false, 'expired', v_expired);
end $$`;

/**
 * Applies operations in order under the community's head lock. For a linked batch, the first
 * refusal raises SQLSTATE LL001 carrying the refusal, which undoes the whole statement.
 */
const apply = `create function linli_apply(p_community text, p_now_text text, p_linked boolean, p_operations jsonb) returns jsonb language plpgsql as $$
declare
  v_now timestamptz := p_now_text::timestamptz;
  v_seq bigint;
  v_hash text;
  v_operation jsonb;
  v_result jsonb;
  -- An array grows in place; appending to a jsonb array copies it, which is quadratic in the batch.
  v_results jsonb[] := '{}';
  v_index int := 0;
  v_batch jsonb;
begin
  select last_seq, last_hash into v_seq, v_hash from ledger_communities where community_id = p_community for update;
  if not found then
    return (select coalesce(jsonb_agg(jsonb_build_object('ok', false, 'code', 'community_not_found',
                      'detail', format('community %s does not exist', p_community))), '[]'::jsonb)
              from jsonb_array_elements(p_operations));
  end if;
  -- The common case first: plain postings that nothing refuses, written as one batch.
  select r.p_seq, r.p_hash, r.p_results into v_seq, v_hash, v_batch
    from linli_post_all(p_community, v_now, p_now_text, p_operations, v_seq, v_hash) r;
  if v_batch is not null then
    update ledger_communities set last_seq = v_seq, last_hash = v_hash where community_id = p_community;
    return v_batch;
  end if;
  for v_operation in select value from jsonb_array_elements(p_operations) loop
    case v_operation->>'type'
      when 'post', 'hold_post' then
        select r.p_seq, r.p_hash, r.p_result into v_seq, v_hash, v_result
          from linli_post(p_community, v_now, p_now_text, v_operation->'transaction', v_seq, v_hash) r;
      when 'hold_create' then
        v_result := linli_hold_create(p_community, v_now, v_operation->'hold');
      when 'hold_void' then
        v_result := linli_hold_void(p_community, v_now, v_operation->>'holdId');
      when 'expire_holds' then
        v_result := linli_expire_holds(p_community, v_now);
      else
        raise exception 'assertion: unknown operation type %', v_operation->>'type';
    end case;
    if p_linked and not (v_result->>'ok')::boolean then
      raise exception 'linked batch refused' using errcode = 'LL001',
        detail = jsonb_build_object('index', v_index, 'result', v_result)::text;
    end if;
    v_results := array_append(v_results, v_result);
    v_index := v_index + 1;
  end loop;
  update ledger_communities set last_seq = v_seq, last_hash = v_hash where community_id = p_community;
  return to_jsonb(v_results);
end $$`;

export const ledgerFunctions: readonly string[] = [post, postAll, holdCreate, holdRelease, holdVoid, expireHolds, apply];
