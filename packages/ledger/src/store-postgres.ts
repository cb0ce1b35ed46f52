// The PostgreSQL store, through knex: the same code on a PostgreSQL server and on embedded PGlite.
import type { Knex } from 'knex';
import type { Account, AccountStatus, PreparedAccount } from './account.js';
import { AmountDecimal, normalizeAmount } from './amount.js';
import type { Hold } from './hold.js';
import type { JsonObject } from './json.js';
import { canonicalJson } from './json.js';
import { isRejectionCode, refuse, type Refusal } from './rejections.js';
import { creditedSumsRememberedMax } from './limits.js';
import { checkMonthlyFiguresQuery } from './monthly-figures.js';
import type {
  AccountChange,
  ApplyOptions,
  ChainHead,
  DerivedStateMismatch,
  LedgerStore,
  MonthlyFigure,
  MonthlyFiguresQuery,
  Operation,
  OperationResult,
  StatementLine,
  TrialBalanceLine,
} from './store.js';
import type { Posting, PreparedTransaction, Transaction } from './transaction.js';
import { standardUnits, type Unit } from './unit.js';

type Row = Record<string, unknown>;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new Error(`assertion: expected text, got ${typeof value}`);
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : text(value);
}

function instant(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const written = text(value);
  // Already as toISOString writes it (the journal reads times as such text): kept as it is.
  if (isoInstantPattern.test(written)) return written;
  return new Date(written).toISOString();
}

const isoInstantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A time as toISOString writes it (UTC, milliseconds), so the driver builds no Date for it. */
function isoText(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

function nullableInstant(value: unknown): string | null {
  return value === null || value === undefined ? null : instant(value);
}

function json(value: unknown): JsonObject {
  return (typeof value === 'string' ? JSON.parse(value) : value) as JsonObject;
}

async function rows(query: Knex.Raw | Knex.QueryBuilder): Promise<Row[]> {
  const result = (await query) as { rows?: Row[] } | Row[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/**
 * `creditedByKind`: the account's unit, and the sum and last position of its postings after a
 * position that count for the kind (positive in a transaction of the kind, negative in a reversal
 * of one). A reversal's postings are the original's with the signs turned, so the credited
 * account's reversal posting is its negative one.
 */
const creditedByKindSql = `select (select unit from ledger_accounts where community_id = ? and id = ?) as unit,
         coalesce(sum(p.amount) filter (where (t.kind = ? and p.amount > 0) or (t.kind = 'reversal' and o.kind = ? and p.amount < 0)), 0)::text as credited,
         max(p.seq)::text as last_seq
    from ledger_postings p
    join ledger_transactions t on t.community_id = p.community_id and t.seq = p.seq
    left join ledger_transactions o on o.community_id = t.community_id and o.id = t.reverses
   where p.community_id = ? and p.account_id = ? and p.seq > ?::bigint`;

/** The refusal raised by linli_apply for a linked batch (SQLSTATE LL001). */
const linkedRefusalState = 'LL001';

/** An account's credited sum for one kind up to and including a journal position. */
interface CreditedUpTo {
  credited: string;
  seq: string;
}

export class PostgresStore implements LedgerStore {
  constructor(
    private readonly knex: Knex,
    readonly kind: 'postgres' | 'pglite',
    private readonly scales = new Map<string, number>(),
    /** `creditedByKind`'s sums so far, per community, account and kind (see there). */
    private readonly credited = new Map<string, CreditedUpTo>(),
  ) {}

  /**
   * On the PostgreSQL server, a named statement: each connection parses and plans it once, not on
   * every call (the api names its per-request statements so too, `planOnce`). The SQL under one
   * name must be the same on every call; only the values change. PGlite has no such option.
   */
  private named(name: string, query: Knex.Raw): Knex.Raw {
    return this.kind === 'postgres' ? ((query as unknown as Knex.ChainableInterface).options({ name }) as unknown as Knex.Raw) : query;
  }

  /** This store inside the caller's database transaction (`Ledger.bound`); the unit scales and credited sums it knows are shared. */
  inTransaction(transaction: Knex.Transaction): PostgresStore {
    return new PostgresStore(transaction, this.kind, this.scales, this.credited);
  }

  async createCommunity(community: string, name: string, now: string): Promise<{ ok: true; created: boolean } | ({ ok: false } & Refusal)> {
    return this.knex.transaction(async (trx) => {
      const inserted = await rows(
        trx.raw(
          'insert into ledger_communities (community_id, name, created_at) values (?, ?, ?) on conflict do nothing returning community_id',
          [community, name, now],
        ),
      );
      if (inserted.length === 0) {
        const [existing] = await rows(trx.raw('select name from ledger_communities where community_id = ?', [community]));
        return existing?.name === name
          ? { ok: true, created: false }
          : { ok: false, ...refuse('id_reused_with_different_body', `community ${community} exists with another name`) };
      }
      for (const unit of standardUnits) {
        await trx.raw('insert into ledger_units (community_id, code, scale, name) values (?, ?, ?, ?)', [
          community,
          unit.code,
          unit.scale,
          unit.name,
        ]);
      }
      return { ok: true, created: true };
    });
  }

  async defineUnit(community: string, unit: Unit): Promise<{ ok: true; created: boolean } | ({ ok: false } & Refusal)> {
    return this.knex.transaction(async (trx) => {
      const [head] = await rows(trx.raw('select 1 from ledger_communities where community_id = ? for update', [community]));
      if (head === undefined) return { ok: false, ...refuse('community_not_found', `community ${community} does not exist`) };
      const [existing] = await rows(
        trx.raw('select scale, name from ledger_units where community_id = ? and code = ?', [community, unit.code]),
      );
      if (existing !== undefined) {
        return Number(existing.scale) === unit.scale && existing.name === unit.name
          ? { ok: true, created: false }
          : { ok: false, ...refuse('id_reused_with_different_body', `unit ${unit.code} exists with another scale or name`) };
      }
      await trx.raw('insert into ledger_units (community_id, code, scale, name) values (?, ?, ?, ?)', [
        community,
        unit.code,
        unit.scale,
        unit.name,
      ]);
      return { ok: true, created: true };
    });
  }

  async listUnits(community: string): Promise<Unit[]> {
    const found = await rows(this.knex.raw('select code, scale, name from ledger_units where community_id = ? order by code', [community]));
    return found.map((row) => {
      const unit = { code: text(row.code), scale: Number(row.scale), name: text(row.name) };
      this.scales.set(`${community}\u0000${unit.code}`, unit.scale);
      return unit;
    });
  }

  private async scaleOf(community: string, unit: string): Promise<number> {
    const key = `${community}\u0000${unit}`;
    let scale = this.scales.get(key);
    if (scale === undefined) {
      await this.listUnits(community);
      scale = this.scales.get(key);
    }
    if (scale === undefined) throw new Error(`assertion: unit ${unit} is not defined in ${community}`);
    return scale;
  }

  async openAccount(
    account: PreparedAccount,
    now: string,
  ): Promise<{ ok: true; account: Account; created: boolean } | ({ ok: false } & Refusal)> {
    const result = await this.knex.transaction(async (trx) => {
      const [head] = await rows(trx.raw('select 1 from ledger_communities where community_id = ? for update', [account.community]));
      if (head === undefined)
        return { ok: false as const, ...refuse('community_not_found', `community ${account.community} does not exist`) };
      const [existing] = await rows(trx.raw(`${accountSelect} where community_id = ? and id = ?`, [account.community, account.id]));
      if (existing !== undefined) {
        const stored = await this.account(existing);
        const same = canonicalJson(preparedOf(stored) as unknown as JsonObject) === canonicalJson(account as unknown as JsonObject);
        return same
          ? { ok: true as const, account: stored, created: false }
          : { ok: false as const, ...refuse('id_reused_with_different_body', `account ${account.id} exists with another body`) };
      }
      const [inserted] = await rows(
        trx.raw(
          `insert into ledger_accounts (community_id, id, unit, name, owner_ref, lower_limit, upper_limit, metadata, created_at)
           values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) returning ${accountColumns}`,
          [
            account.community,
            account.id,
            account.unit,
            account.name,
            account.ownerRef,
            account.lowerLimit,
            account.upperLimit,
            JSON.stringify(account.metadata),
            now,
          ],
        ),
      );
      return { ok: true as const, account: await this.account(inserted as Row), created: true };
    });
    return result;
  }

  async updateAccount(
    community: string,
    id: string,
    change: AccountChange,
  ): Promise<{ ok: true; account: Account } | ({ ok: false } & Refusal)> {
    return this.knex.transaction(async (trx) => {
      // The community's head lock: account changes are ordered with postings.
      await trx.raw('select 1 from ledger_communities where community_id = ? for update', [community]);
      const [row] = await rows(trx.raw(`${accountSelect} where community_id = ? and id = ?`, [community, id]));
      if (row === undefined) return { ok: false as const, ...refuse('account_not_found', `account ${id} does not exist`) };
      const account = await this.account(row);
      if (account.status === 'closed') return { ok: false as const, ...refuse('account_closed', `account ${id} is closed`) };
      const lower = change.lowerLimit === undefined ? account.lowerLimit : change.lowerLimit;
      const upper = change.upperLimit === undefined ? account.upperLimit : change.upperLimit;
      const [fits] = await rows(
        trx.raw(
          `select (?::numeric is null or balance - held >= ?::numeric) as lower_ok, (?::numeric is null or balance + incoming <= ?::numeric) as upper_ok,
                  (balance = 0 and held = 0 and incoming = 0) as empty
             from ledger_accounts where community_id = ? and id = ?`,
          [lower, lower, upper, upper, community, id],
        ),
      );
      if (fits?.lower_ok !== true)
        return { ok: false as const, ...refuse('exceeds_lower_limit', `the available balance of ${id} is below ${lower}`) };
      if (fits.upper_ok !== true) return { ok: false as const, ...refuse('exceeds_upper_limit', `the balance of ${id} is above ${upper}`) };
      if (change.status === 'closed' && fits.empty !== true)
        return { ok: false as const, ...refuse('account_not_empty', `account ${id} has a balance or pending holds`) };
      const [updated] = await rows(
        trx.raw(
          `update ledger_accounts set lower_limit = ?, upper_limit = ?, status = ? where community_id = ? and id = ? returning ${accountColumns}`,
          [lower, upper, change.status ?? account.status, community, id],
        ),
      );
      return { ok: true as const, account: await this.account(updated as Row) };
    });
  }

  async getAccount(community: string, id: string): Promise<Account | undefined> {
    const [row] = await rows(
      this.named('linli_account_get', this.knex.raw(`${accountSelect} where community_id = ? and id = ?`, [community, id])),
    );
    return row === undefined ? undefined : this.account(row);
  }

  async listAccounts(
    community: string,
    options: { unit?: string | undefined; ownerRef?: string | undefined; after?: string | undefined; limit: number },
  ): Promise<Account[]> {
    const found = await rows(
      this.knex.raw(
        `${accountSelect} where community_id = ? and (?::text is null or unit = ?) and (?::text is null or owner_ref = ?) and (?::text is null or id > ?) order by id limit ?`,
        [
          community,
          options.unit ?? null,
          options.unit ?? null,
          options.ownerRef ?? null,
          options.ownerRef ?? null,
          options.after ?? null,
          options.after ?? null,
          options.limit,
        ],
      ),
    );
    return Promise.all(found.map((row) => this.account(row)));
  }

  async apply(community: string, operations: readonly Operation[], options: ApplyOptions): Promise<OperationResult[]> {
    let raw: unknown;
    try {
      const call = (db: Knex) =>
        rows(
          this.named(
            'linli_apply',
            db.raw('select linli_apply(?, ?, ?, ?::jsonb) as results', [
              community,
              options.now,
              options.linked,
              JSON.stringify(operations),
            ]),
          ),
        );
      // A refused linked batch raises LL001. Inside a caller's transaction that error would abort
      // the caller's work too, so the batch gets a savepoint of its own there.
      const [row] =
        options.linked && isTransaction(this.knex) ? await this.knex.transaction((savepoint) => call(savepoint)) : await call(this.knex);
      raw = json(row?.results);
    } catch (error) {
      const refusal = linkedRefusal(error);
      if (refusal === undefined) throw error;
      return operations.map((_, index) =>
        index === refusal.index
          ? refusal.result
          : { ok: false, code: 'undone', detail: `operation ${refusal.index} of the linked batch was refused` },
      );
    }
    const results = raw as unknown as Row[];
    if (!Array.isArray(results) || results.length !== operations.length)
      throw new Error('assertion: linli_apply returned a result per operation');
    return Promise.all(results.map((result, index) => this.result(community, operations[index] as Operation, result, options.now)));
  }

  private async result(community: string, operation: Operation, result: Row, now: string): Promise<OperationResult> {
    if (result.ok !== true) return refusalOf(result);
    const replayed = result.replayed === true;
    switch (operation.type) {
      case 'post':
      case 'hold_post': {
        if (replayed) {
          const transaction = await this.getTransaction(community, operation.transaction.id);
          if (transaction === undefined) throw new Error(`assertion: replayed transaction ${operation.transaction.id} is missing`);
          return { ok: true, replayed, transaction };
        }
        const balances = result.balances as string[];
        return {
          ok: true,
          replayed,
          transaction: await this.recorded(community, operation.transaction, Number(result.seq), text(result.hash), balances, now),
        };
      }
      case 'hold_create':
      case 'hold_void':
        return { ok: true, replayed, hold: await this.hold(community, result.hold as Row) };
      case 'expire_holds':
        return { ok: true, replayed, expired: Number(result.expired) };
    }
  }

  private async recorded(
    community: string,
    prepared: PreparedTransaction,
    seq: number,
    hash: string,
    balances: string[],
    now: string,
  ): Promise<Transaction> {
    const postings: Posting[] = [];
    for (const [index, posting] of prepared.postings.entries()) {
      // The floor is a condition of the write, not recorded.
      postings.push({
        account: posting.account,
        unit: posting.unit,
        amount: posting.amount,
        balanceAfter: normalizeAmount(text(balances[index]), await this.scaleOf(community, posting.unit)),
      });
    }
    return {
      community,
      id: prepared.id,
      seq,
      kind: prepared.kind,
      actor: prepared.actor,
      memo: prepared.memo,
      metadata: prepared.metadata,
      effectiveAt: prepared.effectiveAt,
      recordedAt: now,
      reverses: prepared.reverses,
      holdId: prepared.holdId,
      postings,
      hash,
    };
  }

  async getTransaction(community: string, id: string): Promise<Transaction | undefined> {
    const [row] = await rows(this.knex.raw(`${transactionSelect} where t.community_id = ? and t.id = ?`, [community, id]));
    return row === undefined ? undefined : this.transaction(row);
  }

  async getHold(community: string, id: string): Promise<Hold | undefined> {
    const [row] = await rows(this.knex.raw(`select ${holdColumns} from ledger_holds where community_id = ? and id = ?`, [community, id]));
    return row === undefined ? undefined : this.hold(community, row);
  }

  async listHolds(
    community: string,
    options: { account?: string | undefined; status?: Hold['status'] | undefined; after?: string | undefined; limit: number },
  ): Promise<Hold[]> {
    const found = await rows(
      this.knex.raw(
        `select ${holdColumns} from ledger_holds where community_id = ?
           and (?::text is null or from_account = ? or to_account = ?) and (?::text is null or status = ?) and (?::text is null or id > ?)
         order by id limit ?`,
        [
          community,
          options.account ?? null,
          options.account ?? null,
          options.account ?? null,
          options.status ?? null,
          options.status ?? null,
          options.after ?? null,
          options.after ?? null,
          options.limit,
        ],
      ),
    );
    return Promise.all(found.map((row) => this.hold(community, row)));
  }

  async balanceAt(community: string, account: string, at: string): Promise<string | undefined> {
    const [row] = await rows(
      this.knex.raw(
        `select a.unit, (select coalesce(sum(p.amount), 0)::text from ledger_postings p
                          where p.community_id = a.community_id and p.account_id = a.id and p.effective_at <= ?) as balance
           from ledger_accounts a where a.community_id = ? and a.id = ?`,
        [at, community, account],
      ),
    );
    if (row === undefined) return undefined;
    return normalizeAmount(text(row.balance), await this.scaleOf(community, text(row.unit)));
  }

  async statement(community: string, account: string, options: { afterSeq: number; limit: number }): Promise<StatementLine[]> {
    const found = await rows(
      this.knex.raw(
        `select p.seq, t.id, t.kind, t.memo, t.effective_at, t.recorded_at, p.unit, p.amount::text as amount, p.balance_after::text as balance_after
           from ledger_postings p join ledger_transactions t on t.community_id = p.community_id and t.seq = p.seq
          where p.community_id = ? and p.account_id = ? and p.seq > ?
          order by p.seq limit ?`,
        [community, account, options.afterSeq, options.limit],
      ),
    );
    const lines: StatementLine[] = [];
    for (const row of found) {
      const scale = await this.scaleOf(community, text(row.unit));
      lines.push({
        seq: Number(row.seq),
        transactionId: text(row.id),
        kind: text(row.kind),
        memo: text(row.memo),
        effectiveAt: instant(row.effective_at),
        recordedAt: instant(row.recorded_at),
        amount: normalizeAmount(text(row.amount), scale),
        balanceAfter: normalizeAmount(text(row.balance_after), scale),
      });
    }
    return lines;
  }

  async trialBalance(community: string, at?: string): Promise<TrialBalanceLine[]> {
    const balances =
      at === undefined
        ? `select unit, balance from ledger_accounts where community_id = :community`
        : `select a.unit, coalesce(sum(p.amount), 0) as balance
             from ledger_accounts a
             left join ledger_postings p on p.community_id = a.community_id and p.account_id = a.id and p.effective_at <= :at
            where a.community_id = :community group by a.id, a.unit`;
    const found = await rows(
      this.knex.raw(
        `select b.unit, coalesce(sum(b.balance) filter (where b.balance < 0), 0)::text as debit,
                coalesce(sum(b.balance) filter (where b.balance >= 0), 0)::text as credit,
                sum(b.balance)::text as net, count(*)::int as accounts
           from (${balances}) b group by b.unit order by b.unit`,
        { community, at: at ?? null },
      ),
    );
    const lines: TrialBalanceLine[] = [];
    for (const row of found) {
      const scale = await this.scaleOf(community, text(row.unit));
      lines.push({
        unit: text(row.unit),
        debit: normalizeAmount(text(row.debit), scale),
        credit: normalizeAmount(text(row.credit), scale),
        net: normalizeAmount(text(row.net), scale),
        accounts: Number(row.accounts),
      });
    }
    return lines;
  }

  /**
   * One round trip per page, as two JSON texts: the page of transactions, and their postings
   * by seq (one statement, so one snapshot). The database builds the text and JSON.parse reads
   * it; verify and the exports read the whole journal this way, and parsing rows field by field
   * in the driver, then mapping them, was most of verify's time. (An aggregate per transaction,
   * as in transactionSelect, made the database's part three times slower.)
   */
  async journal(community: string, options: { afterSeq: number; limit: number }): Promise<Transaction[]> {
    const [page] = await rows(
      this.knex.raw(
        `with page as (
           select t.seq, t.id, t.kind, t.actor, t.memo, t.metadata, ${isoText('t.effective_at')} as effective_at,
                  ${isoText('t.recorded_at')} as recorded_at, t.reverses, t.hold_id, t.hash
             from ledger_transactions t where t.community_id = :community and t.seq > :afterSeq order by t.seq limit :limit
         )
         select (select json_agg(json_build_array(seq, id, kind, actor, memo, metadata, effective_at, recorded_at, reverses, hold_id, hash) order by seq)
                   from page)::text as transactions,
                (select json_agg(json_build_array(p.seq, p.account_id, p.unit, p.amount::text, p.balance_after::text) order by p.seq, p.idx)
                   from ledger_postings p
                  where p.community_id = :community and p.seq > :afterSeq and p.seq <= (select max(seq) from page))::text as postings`,
        { community, afterSeq: options.afterSeq, limit: options.limit },
      ),
    );
    if (page?.transactions === null || page?.transactions === undefined) return [];
    const found = JSON.parse(text(page.transactions)) as JournalRow[];
    const postings = (page.postings === null ? [] : JSON.parse(text(page.postings))) as JournalPostingRow[];
    const transactions: Transaction[] = [];
    let next = 0;
    for (const [seq, id, kind, actor, memo, metadata, effectiveAt, recordedAt, reverses, holdId, hash] of found) {
      const own: Posting[] = [];
      // Both lists are in seq order: the postings of this transaction are the next ones.
      for (; next < postings.length && (postings[next] as JournalPostingRow)[0] === seq; next += 1) {
        const [, account, unit, amount, balanceAfter] = postings[next] as JournalPostingRow;
        const scale = await this.scaleOf(community, unit);
        own.push({ account, unit, amount: normalizeAmount(amount, scale), balanceAfter: normalizeAmount(balanceAfter, scale) });
      }
      transactions.push({
        community,
        id,
        seq,
        kind,
        actor,
        memo,
        metadata,
        effectiveAt: instant(effectiveAt),
        recordedAt: instant(recordedAt),
        reverses,
        holdId,
        postings: own,
        hash,
      });
    }
    return transactions;
  }

  async chainHead(community: string): Promise<ChainHead | undefined> {
    const [row] = await rows(this.knex.raw('select last_seq, last_hash from ledger_communities where community_id = ?', [community]));
    return row === undefined ? undefined : { seq: Number(row.last_seq), hash: text(row.last_hash) };
  }

  /**
   * Read through the index on (community_id, account_id, seq). The store remembers, per account
   * and kind, the sum up to the last journal position it read, and then reads only the postings
   * after it. That is exact, not a cache that can go stale: postings are never changed or deleted
   * (the database refuses it), and a community's positions become visible in order (linli_apply
   * takes them under the community's row lock, held to commit), so once a position is seen,
   * nothing at or before it can still appear. A read then costs a few rows instead of a join over
   * all the account's postings, which grows with every one of them.
   */
  async creditedByKind(community: string, account: string, kind: string): Promise<string | undefined> {
    const key = `${community}\u0000${account}\u0000${kind}`;
    const before = this.credited.get(key);
    const query = this.knex.raw(creditedByKindSql, [community, account, kind, kind, community, account, before?.seq ?? '0']);
    // On the PostgreSQL server a named statement is planned once per connection, not per read
    // (the three-table join took longer to plan than to run). PGlite has no such option.
    const [row] = await rows(this.kind === 'postgres' ? query.options({ name: 'linli_credited_by_kind' }) : query);
    if (row === undefined || row.unit === null || row.unit === undefined) return undefined;
    const scale = await this.scaleOf(community, text(row.unit));
    const credited = new AmountDecimal(text(row.credited)).plus(before?.credited ?? '0').toFixed(scale);
    const seq = nullableText(row.last_seq) ?? before?.seq;
    // Inside a database transaction the rows read may still be undone: nothing is remembered.
    if (seq !== undefined && this.knex.isTransaction !== true) this.remember(key, { credited, seq });
    return credited;
  }

  private remember(key: string, value: CreditedUpTo): void {
    // A Map keeps insertion order: deleting first moves the key to the end, so the first key is the longest unread.
    this.credited.delete(key);
    this.credited.set(key, value);
    if (this.credited.size > creditedSumsRememberedMax) {
      const oldest = this.credited.keys().next();
      if (oldest.done !== true) this.credited.delete(oldest.value);
    }
  }

  /**
   * One grouped scan of the community's postings in the range, filtered by community first like
   * every query of the ledger's tables. No index covers `effective_at`, so the cost grows with the
   * community's journal; callers cache the answers.
   */
  async monthlyFigures(community: string, query: MonthlyFiguresQuery): Promise<MonthlyFigure[]> {
    checkMonthlyFiguresQuery(query);
    const originalKind = 'coalesce(o.kind, t.kind)';
    const conditions: string[] = [];
    const conditionBindings: string[][] = [];
    const parties: string[] = [];
    const partyBindings: (string | number)[] = [];
    for (const counted of query.counted) {
      // Ids contain neither `_` nor a backslash, so the pattern's only wildcard is `%`.
      const bindings: string[] = [counted.kind, counted.accountPattern];
      let condition = `(${originalKind} = ? and p.account_id like ?`;
      if (counted.unit !== undefined) {
        condition += ' and p.unit = ?';
        bindings.push(counted.unit);
      }
      conditions.push(`${condition})`);
      conditionBindings.push(bindings);
      parties.push(`when ${condition}) then ${counted.party === 'account' ? 'p.account_id' : 'coalesce(o.metadata, t.metadata) ->> ?'}`);
      partyBindings.push(...bindings, ...(counted.party === 'account' ? [] : [counted.party.metadata]));
    }
    const found = await rows(
      this.knex.raw(
        `select to_char(date_trunc('month', (p.effective_at at time zone 'UTC') + make_interval(mins => ?::int)), 'YYYY-MM') collate "C" as month,
                ${originalKind} collate "C" as kind,
                p.unit collate "C" as unit,
                sum(p.amount)::text as total,
                count(distinct case ${parties.join(' ')} end)::int as parties
           from ledger_postings p
           join ledger_transactions t on t.community_id = p.community_id and t.seq = p.seq
           left join ledger_transactions o on t.kind = 'reversal' and o.community_id = t.community_id and o.id = t.reverses
          where p.community_id = ? and p.effective_at >= ? and p.effective_at < ?
            and sign(p.amount) = case when t.kind = 'reversal' then -1 else 1 end
            and (${conditions.join(' or ')})
          group by 1, 2, 3
          order by 1, 2, 3`,
        [query.utcOffsetMinutes, ...partyBindings, community, query.from, query.to, ...conditionBindings.flat()],
      ),
    );
    const figures: MonthlyFigure[] = [];
    for (const row of found) {
      const unit = text(row.unit);
      figures.push({
        month: text(row.month),
        kind: text(row.kind),
        unit,
        total: normalizeAmount(text(row.total), await this.scaleOf(community, unit)),
        parties: Number(row.parties),
      });
    }
    return figures;
  }

  async derivedStateMismatch(community: string): Promise<DerivedStateMismatch | undefined> {
    const [posting] = await rows(
      this.knex.raw(
        `select p.seq from ledger_postings p join ledger_transactions t on t.community_id = p.community_id and t.seq = p.seq
          where p.community_id = ? and p.effective_at <> t.effective_at order by p.seq limit 1`,
        [community],
      ),
    );
    if (posting !== undefined) return { reason: 'posting_mismatch', seq: Number(posting.seq) };
    const [account] = await rows(
      this.knex.raw(
        `select a.id from ledger_accounts a
           left join (select account_id, sum(amount) as total from ledger_postings where community_id = :community group by account_id) p on p.account_id = a.id
           left join (select from_account, sum(amount) as total from ledger_holds where community_id = :community and status = 'pending' group by from_account) h on h.from_account = a.id
           left join (select to_account, sum(amount) as total from ledger_holds where community_id = :community and status = 'pending' group by to_account) i on i.to_account = a.id
          where a.community_id = :community
            and (a.balance <> coalesce(p.total, 0) or a.held <> coalesce(h.total, 0) or a.incoming <> coalesce(i.total, 0))
          order by a.id collate "C" limit 1`,
        { community },
      ),
    );
    return account === undefined ? undefined : { reason: 'account_mismatch', account: text(account.id) };
  }

  async listCommunities(): Promise<{ id: string; name: string }[]> {
    const found = await rows(this.knex.raw('select community_id, name from ledger_communities order by community_id'));
    return found.map((row) => ({ id: text(row.community_id), name: text(row.name) }));
  }

  async close(): Promise<void> {}

  private async account(row: Row): Promise<Account> {
    const community = text(row.community_id);
    const unit = text(row.unit);
    const scale = await this.scaleOf(community, unit);
    const limit = (value: unknown): string | null => (value === null || value === undefined ? null : normalizeAmount(text(value), scale));
    return {
      community,
      id: text(row.id),
      unit,
      name: text(row.name),
      ownerRef: nullableText(row.owner_ref),
      lowerLimit: limit(row.lower_limit),
      upperLimit: limit(row.upper_limit),
      metadata: json(row.metadata),
      status: text(row.status) as AccountStatus,
      balance: normalizeAmount(text(row.balance), scale),
      held: normalizeAmount(text(row.held), scale),
      incoming: normalizeAmount(text(row.incoming), scale),
      available: normalizeAmount(text(row.available), scale),
      createdAt: instant(row.created_at),
    };
  }

  private async hold(community: string, row: Row): Promise<Hold> {
    const unit = text(row.unit);
    const scale = await this.scaleOf(community, unit);
    const posted = nullableText(row.postedAmount);
    return {
      community,
      id: text(row.id),
      kind: text(row.kind),
      actor: text(row.actor),
      from: text(row.from),
      to: text(row.to),
      unit,
      amount: normalizeAmount(text(row.amount), scale),
      memo: text(row.memo),
      metadata: json(row.metadata),
      status: text(row.status) as Hold['status'],
      expiresAt: nullableInstant(row.expiresAt),
      createdAt: instant(row.createdAt),
      resolvedAt: nullableInstant(row.resolvedAt),
      postedAmount: posted === null ? null : normalizeAmount(posted, scale),
      transactionId: nullableText(row.transactionId),
    };
  }

  private async transaction(row: Row): Promise<Transaction> {
    const community = text(row.community_id);
    const postings: Posting[] = [];
    for (const posting of json(row.postings) as unknown as Row[]) {
      const scale = await this.scaleOf(community, text(posting.unit));
      postings.push({
        account: text(posting.account),
        unit: text(posting.unit),
        amount: normalizeAmount(text(posting.amount), scale),
        balanceAfter: normalizeAmount(text(posting.balanceAfter), scale),
      });
    }
    return {
      community,
      id: text(row.id),
      seq: Number(row.seq),
      kind: text(row.kind),
      actor: text(row.actor),
      memo: text(row.memo),
      metadata: json(row.metadata),
      effectiveAt: instant(row.effective_at),
      recordedAt: instant(row.recorded_at),
      reverses: nullableText(row.reverses),
      holdId: nullableText(row.hold_id),
      postings,
      hash: text(row.hash),
    };
  }
}

/** A journal page's transaction and posting, as the database writes them in journal(). */
type JournalRow = [
  seq: number,
  id: string,
  kind: string,
  actor: string,
  memo: string,
  metadata: JsonObject,
  effectiveAt: string,
  recordedAt: string,
  reverses: string | null,
  holdId: string | null,
  hash: string,
];
type JournalPostingRow = [seq: number, account: string, unit: string, amount: string, balanceAfter: string];

const accountColumns =
  'community_id, id, unit, name, owner_ref, lower_limit::text, upper_limit::text, metadata, status, balance::text, held::text, incoming::text, (balance - held)::text as available, created_at';
const accountSelect = `select ${accountColumns} from ledger_accounts`;

const holdColumns = `id, kind, actor, from_account as "from", to_account as "to", unit, amount::text as amount, memo, metadata, status,
  expires_at as "expiresAt", created_at as "createdAt", resolved_at as "resolvedAt", posted_amount::text as "postedAmount", transaction_id as "transactionId"`;

const transactionSelect = `select t.community_id, t.seq, t.id, t.kind, t.actor, t.memo, t.metadata, t.effective_at, t.recorded_at, t.reverses, t.hold_id, t.hash,
  (select json_agg(json_build_object('account', p.account_id, 'unit', p.unit, 'amount', p.amount::text, 'balanceAfter', p.balance_after::text) order by p.idx)
     from ledger_postings p where p.community_id = t.community_id and p.seq = t.seq) as postings
  from ledger_transactions t`;

function preparedOf(account: Account): PreparedAccount {
  return {
    community: account.community,
    id: account.id,
    unit: account.unit,
    name: account.name,
    ownerRef: account.ownerRef,
    lowerLimit: account.lowerLimit,
    upperLimit: account.upperLimit,
    metadata: account.metadata,
  };
}

function refusalOf(result: Row): { ok: false } & Refusal {
  const code = result.code;
  if (!isRejectionCode(code)) throw new Error(`assertion: linli_apply returned an unknown code ${String(code)}`);
  return { ok: false, code, detail: text(result.detail) };
}

function linkedRefusal(error: unknown): { index: number; result: { ok: false } & Refusal } | undefined {
  const candidate = error as { code?: unknown; detail?: unknown };
  if (candidate.code !== linkedRefusalState || typeof candidate.detail !== 'string') return undefined;
  const detail = JSON.parse(candidate.detail) as { index: number; result: Row };
  return { index: detail.index, result: refusalOf(detail.result) };
}

function isTransaction(knex: Knex): knex is Knex.Transaction {
  return (knex as unknown as { isTransaction?: unknown }).isTransaction === true;
}
