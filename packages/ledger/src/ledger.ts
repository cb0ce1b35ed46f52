// The ledger: checks every write, sends it to the store, and answers reads. No HTTP here.
import { parseLimit, prepareAccount, type Account, type AccountInput } from './account.js';
import { addFixedPoint, equalFixedPoint, parseAmount, toFixedPoint, zeroFixedPoint, type FixedPoint } from './amount.js';
import { contentHash, genesisHash, linkHash } from './chain.js';
import { prepareHold, prepareHoldPost, type Hold, type HoldInput, type HoldPostInput } from './hold.js';
import { isId } from './ids.js';
import { isStorableText } from './json.js';
import { operationsPerBatchMax, pageSizeDefault, pageSizeMax, unitScaleMax } from './limits.js';
import { LedgerRejection, type Refusal, type RejectionCode } from './rejections.js';
import { prepareReversal, type ReversalInput } from './reversal.js';
import type {
  LedgerStore,
  MonthlyFigure,
  MonthlyFiguresQuery,
  Operation,
  OperationResult,
  StatementLine,
  TrialBalanceLine,
  AccountChange,
  Undone,
} from './store.js';
import {
  parseInstant,
  prepareDescriptive,
  prepareTransaction,
  firstDifference,
  type Prepared,
  type PreparedTransaction,
  type Transaction,
  type TransactionInput,
} from './transaction.js';
import { isValidUnit, type Unit } from './unit.js';
import type { Knex } from 'knex';
import { CoalescingWriter, DirectWriter, type Writer } from './writer.js';

export interface LedgerDependencies {
  store: LedgerStore;
  /** The ledger's clock; tests pass a fixed one. */
  clock?: () => Date;
}

export interface Balance {
  account: string;
  unit: string;
  balance: string;
  /** Balance minus pending outgoing holds. */
  available: string;
  held: string;
  incoming: string;
  /** The time the balance is for, when asked for a past time. */
  at: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; null when there is none. */
  nextCursor: string | null;
}

export type VerifyResult =
  | { ok: true; transactions: number; head: string }
  | {
      ok: false;
      transactions: number;
      firstBad: {
        seq: number;
        id: string;
        reason: 'hash_mismatch' | 'balance_mismatch' | 'sequence' | 'head' | 'posting_mismatch' | 'account_mismatch';
      };
    };

/** Transactions read per page while verifying or exporting. */
const journalPageSize = 2_000;

export class Ledger {
  readonly store: LedgerStore;
  private readonly clock: () => Date;
  private readonly writer: Writer;
  private readonly units: Map<string, Map<string, Unit>>;

  constructor(dependencies: LedgerDependencies, bound?: { units: Map<string, Map<string, Unit>> }) {
    this.store = dependencies.store;
    this.clock = dependencies.clock ?? (() => new Date());
    this.units = bound?.units ?? new Map();
    this.writer = bound === undefined ? new CoalescingWriter(this.store, () => this.now()) : new DirectWriter(this.store, () => this.now());
  }

  /**
   * This ledger inside the caller's database transaction: its writes and reads go through that
   * transaction, so postings commit (or roll back) with the caller's own rows. Each write is its
   * own store call (no coalescing with other callers), and the community's write lock, taken by
   * the first write, is held until the caller commits. Only a store on a database can be bound.
   */
  bound(transaction: Knex.Transaction): Ledger {
    if (this.store.inTransaction === undefined) throw new Error(`assertion: a ${this.store.kind} store cannot join a database transaction`);
    return new Ledger({ store: this.store.inTransaction(transaction), clock: this.clock }, { units: this.units });
  }

  now(): string {
    return this.clock().toISOString();
  }

  /** Creates a community with the units HOUR, CNY and POINT. Rejections: id_invalid, name_invalid, id_reused_with_different_body. */
  async createCommunity(input: { id: string; name: string }): Promise<{ created: boolean }> {
    if (!isId(input.id)) throw new LedgerRejection('id_invalid', 'community id is not a valid id');
    if (typeof input.name !== 'string' || input.name.length === 0 || input.name.length > 200 || !isStorableText(input.name))
      throw new LedgerRejection('name_invalid', 'community name must be 1 to 200 characters');
    const result = await this.store.createCommunity(input.id, input.name, this.now());
    if (!result.ok) throw new LedgerRejection(result.code, result.detail);
    return { created: result.created };
  }

  /** Defines a unit, e.g. a catalogue item. Rejections: name_invalid, community_not_found, id_reused_with_different_body. */
  async defineUnit(community: string, unit: Unit): Promise<{ created: boolean }> {
    if (!isValidUnit(unit))
      throw new LedgerRejection('name_invalid', 'a unit needs a code (HOUR, ITEM:rice-5kg), a scale from 0 to 6 and a name');
    const result = await this.store.defineUnit(community, unit);
    if (!result.ok) throw new LedgerRejection(result.code, result.detail);
    this.units.delete(community);
    return { created: result.created };
  }

  async listUnits(community: string): Promise<Unit[]> {
    return [...(await this.unitsOf(community, true)).values()];
  }

  /**
   * Opens an account. Rejections: account_id_invalid, name_invalid, id_invalid, metadata_invalid,
   * metadata_too_large, unit_not_found, amount_* (limits), exceeds_upper_limit (lower above
   * upper), community_not_found, id_reused_with_different_body.
   */
  async openAccount(input: AccountInput): Promise<Account> {
    const prepared = prepareAccount(input, await this.unitsFor(input.community, [input.unit]));
    if (!prepared.ok) throw rejection(prepared.refusal);
    const result = await this.store.openAccount(prepared.account, this.now());
    if (!result.ok) throw new LedgerRejection(result.code, result.detail);
    return result.account;
  }

  /** Freezes, reopens or closes an account, or changes its limits. Rejections: account_not_found, amount_* (limits), account_closed, exceeds_lower_limit, exceeds_upper_limit, account_not_empty. */
  async updateAccount(community: string, id: string, change: AccountChange): Promise<Account> {
    const result = await this.store.updateAccount(community, id, await this.checkedLimits(community, id, change));
    if (!result.ok) throw new LedgerRejection(result.code, result.detail);
    return result.account;
  }

  /**
   * New limits are amounts of the account's unit, parsed as when the account was opened, so a
   * limit with more decimals than the scale (or not a decimal at all) is refused, not stored as
   * given. Rejections: account_not_found, amount_invalid, amount_scale_exceeded, amount_exceeds_maximum.
   */
  private async checkedLimits(community: string, id: string, change: AccountChange): Promise<AccountChange> {
    if ((change.lowerLimit ?? null) === null && (change.upperLimit ?? null) === null) return change;
    const account = await this.store.getAccount(community, id);
    if (account === undefined) throw new LedgerRejection('account_not_found', `account ${id} does not exist`);
    const unit = (await this.unitsFor(community, [account.unit])).get(account.unit);
    if (unit === undefined) throw new Error(`assertion: account ${id} has unit ${account.unit}, which is not defined`);
    const checked: AccountChange = { ...change };
    for (const key of ['lowerLimit', 'upperLimit'] as const) {
      const limit = change[key];
      if (limit === undefined || limit === null) continue;
      const parsed = parseLimit(limit, unit);
      if (!parsed.ok) throw rejection(parsed.refusal);
      checked[key] = parsed.value;
    }
    return checked;
  }

  async getAccount(community: string, id: string): Promise<Account | undefined> {
    return this.store.getAccount(community, id);
  }

  async listAccounts(
    community: string,
    options: { unit?: string; ownerRef?: string; cursor?: string | null; limit?: number } = {},
  ): Promise<Page<Account>> {
    const limit = pageSize(options.limit);
    const items = await this.store.listAccounts(community, {
      unit: options.unit,
      ownerRef: options.ownerRef,
      after: options.cursor ?? undefined,
      limit: limit + 1,
    });
    return page(items, limit, (last) => last.id);
  }

  /**
   * An account's balance and available balance now, or its balance from the postings effective
   * at or before `at` (holds are not kept as history, so a past balance has no available part).
   */
  async balance(community: string, account: string, options: { at?: string } = {}): Promise<Balance | undefined> {
    const found = await this.store.getAccount(community, account);
    if (found === undefined) return undefined;
    if (options.at === undefined) {
      return {
        account,
        unit: found.unit,
        balance: found.balance,
        available: found.available,
        held: found.held,
        incoming: found.incoming,
        at: null,
      };
    }
    const at = parseInstant(options.at);
    if (at === null) throw new LedgerRejection('effective_at_invalid', 'at must be an ISO 8601 time with an offset');
    const balance = (await this.store.balanceAt(community, account, at)) as string;
    return { account, unit: found.unit, balance, available: balance, held: '0', incoming: '0', at };
  }

  /**
   * Posts one transaction. Rejections, in precedence order: id_invalid, kind_invalid,
   * actor_invalid, memo_invalid, memo_too_long, metadata_invalid, metadata_too_large, effective_at_invalid,
   * postings_too_few, postings_too_many, account_id_invalid, account_repeated, unit_not_found,
   * amount_invalid, amount_must_not_be_zero, amount_scale_exceeded, amount_exceeds_maximum (of an
   * amount or a floor), unbalanced, community_not_found, id_reused_with_different_body,
   * account_not_found, unit_mismatch, account_frozen, account_closed, exceeds_lower_limit,
   * exceeds_floor, exceeds_upper_limit. The same id with the same body returns the first result
   * and changes nothing; a posting's floor is not part of the body.
   */
  async post(input: TransactionInput): Promise<Transaction> {
    const now = this.now();
    const prepared = prepareTransaction(input, await this.unitsFor(input.community, input.postings?.map?.((p) => p?.unit) ?? []), now);
    return this.writeTransaction(input.community, 'post', prepared, input.effectiveAt !== undefined);
  }

  /** Posts transactions all or none, in order. Rejections: batch_empty, batch_too_large, those of `post`, with the index of the transaction refused. */
  async postLinked(community: string, inputs: TransactionInput[]): Promise<Transaction[]> {
    if (inputs.length === 0) throw new LedgerRejection('batch_empty', 'a batch needs at least one transaction');
    if (inputs.length > operationsPerBatchMax)
      throw new LedgerRejection('batch_too_large', `a batch has at most ${operationsPerBatchMax} transactions`);
    const now = this.now();
    const operations: Operation[] = [];
    for (const [index, input] of inputs.entries()) {
      if (input.community !== community) throw new Error('assertion: every transaction of a linked batch belongs to its community');
      const prepared = prepareTransaction(input, await this.unitsFor(community, input.postings?.map?.((p) => p?.unit) ?? []), now);
      if (!prepared.ok) throw new LedgerRejection(prepared.refusal.code, prepared.refusal.detail, index);
      operations.push({ type: 'post', transaction: prepared.value });
    }
    const results = await this.writer.write(community, operations, true);
    // Report the operation that was refused, not the ones it took down with it.
    const cause = results.findIndex((result) => !result.ok && result.code !== 'undone');
    if (cause !== -1) {
      const refusal = results[cause] as Refusal;
      const operation = operations[cause] as Extract<Operation, { type: 'post' }>;
      let detail = refusal.detail;
      if (refusal.code === 'id_reused_with_different_body') {
        // The id's first use may be an earlier member of this batch, undone with it, so that
        // nothing is stored to compare the body with.
        const id = operation.transaction.id;
        const earlier = operations.findIndex((other, index) => index < cause && other.type === 'post' && other.transaction.id === id);
        const stored = earlier === -1 ? undefined : await this.store.getTransaction(community, id);
        detail =
          earlier !== -1 && stored === undefined
            ? `transaction ${id} is also transaction ${earlier} of this batch, with a different body`
            : await this.difference(community, operation.transaction, inputs[cause]?.effectiveAt !== undefined);
      }
      throw new LedgerRejection(refusal.code, `transaction ${cause}: ${detail}`, cause);
    }
    return results.map(transactionOf);
  }

  /**
   * Reverses a transaction in full, or in part when postings are given. Rejections: those of
   * `post`, transaction_not_found, reversal_not_reversible, already_reversed,
   * reversal_exceeds_original.
   */
  async reverse(input: ReversalInput): Promise<Transaction> {
    const original = isId(input.reverses) ? await this.store.getTransaction(input.community, input.reverses) : undefined;
    // A full reversal is built from the original's postings, so without the original there is
    // nothing to send. A partial reversal goes to the store, which looks for the original under
    // the community's lock, after the checks that come before transaction_not_found.
    if (original === undefined && (input.postings === undefined || !isId(input.reverses))) {
      const fields = prepareDescriptive({ ...input, kind: 'reversal' });
      throw await this.refuseMissing(
        input.community,
        fields,
        input.id,
        'transaction_not_found',
        `transaction ${String(input.reverses).slice(0, 130)} does not exist`,
      );
    }
    const now = this.now();
    const units = await this.unitsFor(
      input.community,
      (input.postings ?? original?.postings ?? []).map((p) => p?.unit),
    );
    const prepared = prepareReversal(input, original, units, now);
    return this.writeTransaction(input.community, 'post', prepared, input.effectiveAt !== undefined);
  }

  /**
   * Reserves an amount. Rejections: id_invalid … metadata_too_large, expires_at_invalid,
   * account_id_invalid, unit_not_found, amount_*, accounts_must_differ, community_not_found,
   * id_reused_with_different_body, account_not_found, unit_mismatch, account_frozen,
   * account_closed, exceeds_lower_limit, exceeds_floor, exceeds_upper_limit. The floor is not
   * part of the body: the same hold again is answered as first, whatever its floor.
   */
  async createHold(input: HoldInput): Promise<Hold> {
    const now = this.now();
    const units = await this.unitsFor(input.community, [input.unit]);
    let prepared = prepareHold(input, units, now);
    // A retry that arrives after the hold's expiry is still a retry: checked as of the time the
    // hold was created, the same body gets the first result back (and a different one
    // id_reused_with_different_body) instead of expires_at_invalid.
    if (!prepared.ok && prepared.refusal.code === 'expires_at_invalid' && isId(input.id)) {
      const existing = await this.store.getHold(input.community, input.id);
      if (existing !== undefined) prepared = prepareHold(input, units, existing.createdAt);
    }
    if (!prepared.ok) throw rejection(prepared.refusal);
    const [result] = await this.writer.write(input.community, [{ type: 'hold_create', hold: prepared.value }], false);
    if (result === undefined || !result.ok) throw rejection(result as Refusal);
    return result.hold as Hold;
  }

  /** Posts a pending hold, in full or part; the rest is released. Rejections: hold_not_found, those of `post`, amount_exceeds_hold, hold_not_pending, hold_expired. */
  async postHold(input: HoldPostInput): Promise<Transaction> {
    const hold = isId(input.holdId) ? await this.store.getHold(input.community, input.holdId) : undefined;
    if (hold === undefined) {
      // The kind comes from the hold; without a hold, the amount can be checked only against the
      // largest scale a unit may have.
      const fields = prepareDescriptive({ ...input, id: input.transactionId, kind: 'hold_post' });
      const amount = input.amount === undefined ? undefined : parseAmount(input.amount, unitScaleMax, 'positive');
      throw await this.refuseMissing(
        input.community,
        fields.ok && amount?.ok === false ? amount : fields,
        input.transactionId,
        'hold_not_found',
        `hold ${String(input.holdId).slice(0, 130)} does not exist`,
      );
    }
    const now = this.now();
    const prepared = prepareHoldPost(input, hold, await this.unitsFor(input.community, [hold.unit]), now);
    return this.writeTransaction(input.community, 'hold_post', prepared, input.effectiveAt !== undefined);
  }

  /** Voids a pending hold; voiding a voided hold again returns it. Rejections: hold_not_found, hold_not_pending. */
  async voidHold(input: { community: string; holdId: string; actor: string }): Promise<Hold> {
    if (!isId(input.holdId)) throw new LedgerRejection('hold_not_found', 'hold id is not valid');
    const [result] = await this.writer.write(input.community, [{ type: 'hold_void', holdId: input.holdId, actor: input.actor }], false);
    if (result === undefined || !result.ok) throw rejection(result as Refusal);
    return result.hold as Hold;
  }

  /** Expires every pending hold whose time has come, freeing its amount; returns how many. */
  async expireHolds(community: string): Promise<number> {
    const [result] = await this.writer.write(community, [{ type: 'expire_holds' }], false);
    if (result === undefined || !result.ok) throw rejection(result as Refusal);
    return result.expired ?? 0;
  }

  async getTransaction(community: string, id: string): Promise<Transaction | undefined> {
    return this.store.getTransaction(community, id);
  }

  async getHold(community: string, id: string): Promise<Hold | undefined> {
    return this.store.getHold(community, id);
  }

  async listHolds(
    community: string,
    options: { account?: string; status?: Hold['status']; cursor?: string | null; limit?: number } = {},
  ): Promise<Page<Hold>> {
    const limit = pageSize(options.limit);
    const items = await this.store.listHolds(community, {
      account: options.account,
      status: options.status,
      after: options.cursor ?? undefined,
      limit: limit + 1,
    });
    return page(items, limit, (last) => last.id);
  }

  /** An account's postings in journal order, with the balance after each; the cursor is a journal position. */
  async statement(
    community: string,
    account: string,
    options: { cursor?: string | null; limit?: number } = {},
  ): Promise<Page<StatementLine>> {
    const limit = pageSize(options.limit);
    const afterSeq = parseCursor(options.cursor);
    const items = await this.store.statement(community, account, { afterSeq, limit: limit + 1 });
    return page(items, limit, (last) => String(last.seq));
  }

  /** Per unit, the sums of debit and credit balances, now or from postings effective at or before `at`. */
  async trialBalance(community: string, options: { at?: string } = {}): Promise<TrialBalanceLine[]> {
    if (options.at === undefined) return this.store.trialBalance(community);
    const at = parseInstant(options.at);
    if (at === null) throw new LedgerRejection('effective_at_invalid', 'at must be an ISO 8601 time with an offset');
    return this.store.trialBalance(community, at);
  }

  async journalPage(community: string, options: { cursor?: string | null; limit?: number } = {}): Promise<Page<Transaction>> {
    const limit = pageSize(options.limit);
    const items = await this.store.journal(community, { afterSeq: parseCursor(options.cursor), limit: limit + 1 });
    return page(items, limit, (last) => String(last.seq));
  }

  /**
   * What transactions of `kind` credited an account, net of reversals of them: its positive
   * postings in transactions of that kind (a posted hold has its hold's kind) less what reversals
   * of those took back from it, at the account's scale. Undefined if there is no such account.
   */
  async creditedByKind(community: string, account: string, kind: string): Promise<string | undefined> {
    return this.store.creditedByKind(community, account, kind);
  }

  /** Per month, kind and unit: the sum of the postings the query counts and how many distinct parties they come from (`LedgerStore.monthlyFigures`). */
  async monthlyFigures(community: string, query: MonthlyFiguresQuery): Promise<MonthlyFigure[]> {
    return this.store.monthlyFigures(community, query);
  }

  /** Every transaction of a community in journal order, read a page at a time (at most two pages in memory). */
  async *journal(community: string): AsyncGenerator<Transaction> {
    let page = await this.store.journal(community, { afterSeq: 0, limit: journalPageSize });
    for (;;) {
      // The next page is read while the caller works through this one (verify hashes every
      // transaction): the database and this process then work at the same time.
      const next =
        page.length < journalPageSize
          ? undefined
          : this.store.journal(community, { afterSeq: (page[page.length - 1] as Transaction).seq, limit: journalPageSize });
      // A caller that stops early never awaits it; its failure must not go unhandled then.
      next?.catch(() => undefined);
      for (const transaction of page) yield transaction;
      if (next === undefined) return;
      page = await next;
    }
  }

  /**
   * Recomputes the hash chain from the stored journal: each transaction's content hash, its link
   * to the one before, the sequence without gaps, each posting's balance after it, and the
   * community's recorded head. Returns the first entry that does not match.
   */
  async verify(community: string): Promise<VerifyResult> {
    let previous = genesisHash;
    let expectedSeq = 1;
    let count = 0;
    // The balance after each posting is stored beside the posting but outside the hash, so it is
    // checked against the running sum of the postings before it: one entry per account, kept as
    // an exact integer of the last decimal place (cheaper than Decimal over a whole journal).
    const balances = new Map<string, FixedPoint>();
    // The database checks what is kept beside the chain (below) while this process walks it.
    const derived = this.store.derivedStateMismatch(community);
    derived.catch(() => undefined);
    // The head first: writes that commit while the walk runs append after it (a posting and the
    // head move in one database transaction), so the walk stops at the head it read, and a busy
    // community's journal is not taken for a broken one.
    const head = await this.store.chainHead(community);
    const last = head?.seq ?? 0;
    for await (const transaction of this.journal(community)) {
      if (transaction.seq > last) break;
      const bad = (reason: 'hash_mismatch' | 'sequence' | 'balance_mismatch'): VerifyResult => ({
        ok: false,
        transactions: count,
        firstBad: { seq: transaction.seq, id: transaction.id, reason },
      });
      if (transaction.seq !== expectedSeq) return bad('sequence');
      const content = contentHash(transaction);
      if (linkHash(previous, transaction.seq, transaction.recordedAt, content) !== transaction.hash) return bad('hash_mismatch');
      for (const posting of transaction.postings) {
        const balance = addFixedPoint(balances.get(posting.account) ?? zeroFixedPoint, toFixedPoint(posting.amount));
        if (!equalFixedPoint(balance, toFixedPoint(posting.balanceAfter))) return bad('balance_mismatch');
        balances.set(posting.account, balance);
      }
      previous = transaction.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (head === undefined || head.seq !== count || head.hash !== previous) {
      return { ok: false, transactions: count, firstBad: { seq: count + 1, id: '', reason: 'head' } };
    }
    // An entry past the head is a write committed since, and then the head has moved past it
    // too (read after the entry, it cannot be older); an entry past a head that has not moved
    // was put there without the head, which no write does.
    const beyond = (await this.store.journal(community, { afterSeq: head.seq, limit: 1 }))[0];
    if (beyond !== undefined) {
      const headNow = await this.store.chainHead(community);
      if (headNow === undefined || headNow.seq < beyond.seq)
        return { ok: false, transactions: count, firstBad: { seq: beyond.seq, id: beyond.id, reason: 'head' } };
    }
    // What is kept beside the chain: copies and sums that must agree with it.
    const mismatch = await derived;
    if (mismatch?.reason === 'posting_mismatch') {
      const transaction = (await this.store.journal(community, { afterSeq: mismatch.seq - 1, limit: 1 }))[0];
      return { ok: false, transactions: count, firstBad: { seq: mismatch.seq, id: transaction?.id ?? '', reason: 'posting_mismatch' } };
    }
    if (mismatch?.reason === 'account_mismatch')
      return { ok: false, transactions: count, firstBad: { seq: 0, id: mismatch.account, reason: 'account_mismatch' } };
    return { ok: true, transactions: count, head: previous };
  }

  private async writeTransaction(
    community: string,
    type: 'post' | 'hold_post',
    prepared: Prepared<PreparedTransaction>,
    effectiveAtGiven: boolean,
  ): Promise<Transaction> {
    if (!prepared.ok) throw rejection(prepared.refusal);
    const [result] = await this.writer.write(community, [{ type, transaction: prepared.value }], false);
    if (result === undefined) throw new Error('assertion: the store returned a result per operation');
    if (result.ok) return transactionOf(result);
    if (result.code === 'id_reused_with_different_body') {
      throw new LedgerRejection(result.code, await this.difference(community, prepared.value, effectiveAtGiven));
    }
    throw rejection(result);
  }

  /**
   * The rejection for a reversal or hold posting whose original transaction or hold does not
   * exist, in precedence order: the input's own problems, then the community, then an earlier
   * use of the id (whose body cannot match, since it names something that exists), then `code`.
   */
  private async refuseMissing(
    community: string,
    input: { ok: true } | { ok: false; refusal: Refusal },
    id: unknown,
    code: RejectionCode,
    detail: string,
  ): Promise<LedgerRejection> {
    if (!input.ok) return rejection(input.refusal);
    if ((await this.store.chainHead(community)) === undefined)
      return new LedgerRejection('community_not_found', `community ${community} does not exist`);
    if (isId(id) && (await this.store.getTransaction(community, id)) !== undefined)
      return new LedgerRejection('id_reused_with_different_body', `transaction ${id} exists with a different body`);
    return new LedgerRejection(code, detail);
  }

  /** The detail of id_reused_with_different_body: which field of the stored transaction differs. */
  private async difference(community: string, prepared: PreparedTransaction, effectiveAtGiven: boolean): Promise<string> {
    const stored = await this.store.getTransaction(community, prepared.id);
    if (stored === undefined) throw new Error(`assertion: transaction ${prepared.id} was reported as existing`);
    return `transaction ${prepared.id} exists with a different ${firstDifference(prepared, stored, effectiveAtGiven)}`;
  }

  private async unitsOf(community: string, reload: boolean): Promise<Map<string, Unit>> {
    let units = this.units.get(community);
    if (units === undefined || reload) {
      units = new Map((await this.store.listUnits(community)).map((unit) => [unit.code, unit]));
      this.units.set(community, units);
    }
    return units;
  }

  /** The community's units, reloaded once if one named is missing (another process may have defined it). */
  private async unitsFor(community: string, codes: unknown[]): Promise<Map<string, Unit>> {
    const units = await this.unitsOf(community, false);
    if (codes.every((code) => typeof code !== 'string' || units.has(code))) return units;
    return this.unitsOf(community, true);
  }
}

function transactionOf(result: OperationResult): Transaction {
  if (!result.ok || result.transaction === undefined) throw new Error('assertion: a successful posting result carries its transaction');
  return result.transaction;
}

function rejection(refusal: Refusal | Undone): LedgerRejection {
  if (refusal.code === 'undone') throw new Error('assertion: only a linked batch has undone operations, and it reports the one refused');
  return new LedgerRejection(refusal.code, refusal.detail);
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return pageSizeDefault;
  if (!Number.isInteger(limit) || limit < 1 || limit > pageSizeMax)
    throw new LedgerRejection('page_size_invalid', `page size must be 1 to ${pageSizeMax}`);
  return limit;
}

/**
 * A page from `limit + 1` rows read: the extra row only says that another page exists, so a
 * full last page ends with `nextCursor: null` rather than a cursor to an empty page.
 */
function page<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: cursorOf(items[limit - 1] as T) };
}

function parseCursor(cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null || cursor === '') return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw new LedgerRejection('cursor_invalid', 'cursor is not one this ledger gave');
  return Number(cursor);
}
