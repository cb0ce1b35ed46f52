// The in-memory reference model: the same books as the PostgreSQL store, written for clarity.
import type { Account, AccountStatus, PreparedAccount } from './account.js';
import { AmountDecimal, type Amount } from './amount.js';
import { genesisHash, linkHash } from './chain.js';
import { canonicalJson } from './json.js';
import type { Hold, PreparedHold } from './hold.js';
import { refuse, type Refusal } from './rejections.js';
import { monthlyFiguresOf } from './monthly-figures.js';
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
import type { PreparedTransaction, Transaction } from './transaction.js';
import { standardUnits, type Unit } from './unit.js';

interface AccountState {
  prepared: PreparedAccount;
  status: AccountStatus;
  balance: Amount;
  held: Amount;
  incoming: Amount;
  createdAt: string;
}

interface StoredTransaction {
  transaction: Transaction;
  bodyHash: string;
}

interface StoredHold {
  hold: Hold;
  bodyHash: string;
}

interface CommunityState {
  name: string;
  units: Map<string, Unit>;
  accounts: Map<string, AccountState>;
  journal: StoredTransaction[];
  byId: Map<string, StoredTransaction>;
  holds: Map<string, StoredHold>;
  head: ChainHead;
}

/** Copies through JSON so callers never share the model's objects. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

export class MemoryStore implements LedgerStore {
  readonly kind = 'memory';
  private readonly communities = new Map<string, CommunityState>();

  async createCommunity(community: string, name: string): Promise<{ ok: true; created: boolean } | ({ ok: false } & Refusal)> {
    const existing = this.communities.get(community);
    if (existing !== undefined) {
      return existing.name === name
        ? { ok: true, created: false }
        : { ok: false, ...refuse('id_reused_with_different_body', `community ${community} exists with another name`) };
    }
    this.communities.set(community, {
      name,
      units: new Map(standardUnits.map((unit) => [unit.code, { ...unit }])),
      accounts: new Map(),
      journal: [],
      byId: new Map(),
      holds: new Map(),
      head: { seq: 0, hash: genesisHash },
    });
    return { ok: true, created: true };
  }

  async defineUnit(community: string, unit: Unit): Promise<{ ok: true; created: boolean } | ({ ok: false } & Refusal)> {
    const state = this.communities.get(community);
    if (state === undefined) return { ok: false, ...refuse('community_not_found', `community ${community} does not exist`) };
    const existing = state.units.get(unit.code);
    if (existing !== undefined) {
      return existing.scale === unit.scale && existing.name === unit.name
        ? { ok: true, created: false }
        : { ok: false, ...refuse('id_reused_with_different_body', `unit ${unit.code} exists with another scale or name`) };
    }
    state.units.set(unit.code, { ...unit });
    return { ok: true, created: true };
  }

  async listUnits(community: string): Promise<Unit[]> {
    return [...(this.communities.get(community)?.units.values() ?? [])]
      .map((unit) => ({ ...unit }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  async openAccount(
    account: PreparedAccount,
    now: string,
  ): Promise<{ ok: true; account: Account; created: boolean } | ({ ok: false } & Refusal)> {
    const state = this.communities.get(account.community);
    if (state === undefined) return { ok: false, ...refuse('community_not_found', `community ${account.community} does not exist`) };
    const existing = state.accounts.get(account.id);
    if (existing !== undefined) {
      if (canonicalJson({ ...existing.prepared }) !== canonicalJson({ ...account })) {
        return { ok: false, ...refuse('id_reused_with_different_body', `account ${account.id} exists with another body`) };
      }
      return { ok: true, account: this.view(existing), created: false };
    }
    const zero = new AmountDecimal(0);
    const created: AccountState = { prepared: copy(account), status: 'open', balance: zero, held: zero, incoming: zero, createdAt: now };
    state.accounts.set(account.id, created);
    return { ok: true, account: this.view(created), created: true };
  }

  async updateAccount(
    community: string,
    id: string,
    change: AccountChange,
  ): Promise<{ ok: true; account: Account } | ({ ok: false } & Refusal)> {
    const state = this.communities.get(community);
    const account = state?.accounts.get(id);
    if (account === undefined) return { ok: false, ...refuse('account_not_found', `account ${id} does not exist`) };
    if (account.status === 'closed') return { ok: false, ...refuse('account_closed', `account ${id} is closed`) };
    const lower = change.lowerLimit === undefined ? account.prepared.lowerLimit : change.lowerLimit;
    const upper = change.upperLimit === undefined ? account.prepared.upperLimit : change.upperLimit;
    if (lower !== null && account.balance.minus(account.held).lessThan(lower))
      return { ok: false, ...refuse('exceeds_lower_limit', `the available balance of ${id} is below ${lower}`) };
    if (upper !== null && account.balance.plus(account.incoming).greaterThan(upper))
      return { ok: false, ...refuse('exceeds_upper_limit', `the balance of ${id} is above ${upper}`) };
    if (change.status === 'closed' && !(account.balance.isZero() && account.held.isZero() && account.incoming.isZero())) {
      return { ok: false, ...refuse('account_not_empty', `account ${id} has a balance or pending holds`) };
    }
    account.prepared = { ...account.prepared, lowerLimit: lower, upperLimit: upper };
    if (change.status !== undefined) account.status = change.status;
    return { ok: true, account: this.view(account) };
  }

  async getAccount(community: string, id: string): Promise<Account | undefined> {
    const account = this.communities.get(community)?.accounts.get(id);
    return account === undefined ? undefined : this.view(account);
  }

  async listAccounts(
    community: string,
    options: { unit?: string | undefined; ownerRef?: string | undefined; after?: string | undefined; limit: number },
  ): Promise<Account[]> {
    const accounts = [...(this.communities.get(community)?.accounts.values() ?? [])]
      .filter(
        (a) =>
          (options.unit === undefined || a.prepared.unit === options.unit) &&
          (options.ownerRef === undefined || a.prepared.ownerRef === options.ownerRef),
      )
      .filter((a) => options.after === undefined || a.prepared.id > options.after)
      .sort((a, b) => (a.prepared.id < b.prepared.id ? -1 : 1));
    return accounts.slice(0, options.limit).map((a) => this.view(a));
  }

  async apply(community: string, operations: readonly Operation[], options: ApplyOptions): Promise<OperationResult[]> {
    const state = this.communities.get(community);
    if (state === undefined)
      return operations.map(() => ({ ok: false, ...refuse('community_not_found', `community ${community} does not exist`) }));
    // Linked batches work on a copy and keep it only if every operation succeeds.
    const working = options.linked ? cloneState(state) : state;
    const results: OperationResult[] = [];
    for (const [index, operation] of operations.entries()) {
      const result = applyOne(working, community, operation, options.now);
      results.push(result);
      if (!result.ok && options.linked) {
        return operations.map((_, other) =>
          other === index ? result : { ok: false, code: 'undone', detail: `operation ${index} of the linked batch was refused` },
        );
      }
    }
    if (options.linked) this.communities.set(community, working);
    return copy(results);
  }

  async getTransaction(community: string, id: string): Promise<Transaction | undefined> {
    const stored = this.communities.get(community)?.byId.get(id);
    return stored === undefined ? undefined : copy(stored.transaction);
  }

  async getHold(community: string, id: string): Promise<Hold | undefined> {
    const stored = this.communities.get(community)?.holds.get(id);
    return stored === undefined ? undefined : copy(stored.hold);
  }

  async listHolds(
    community: string,
    options: { account?: string | undefined; status?: Hold['status'] | undefined; after?: string | undefined; limit: number },
  ): Promise<Hold[]> {
    return [...(this.communities.get(community)?.holds.values() ?? [])]
      .map((stored) => stored.hold)
      .filter(
        (h) =>
          (options.account === undefined || h.from === options.account || h.to === options.account) &&
          (options.status === undefined || h.status === options.status),
      )
      .filter((h) => options.after === undefined || h.id > options.after)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, options.limit)
      .map(copy);
  }

  async balanceAt(community: string, account: string, at: string): Promise<string | undefined> {
    const state = this.communities.get(community);
    const found = state?.accounts.get(account);
    if (state === undefined || found === undefined) return undefined;
    let total = new AmountDecimal(0);
    for (const { transaction } of state.journal) {
      if (transaction.effectiveAt > at) continue;
      for (const posting of transaction.postings) if (posting.account === account) total = total.plus(posting.amount);
    }
    return total.toFixed(scaleOf(state, found.prepared.unit));
  }

  async statement(community: string, account: string, options: { afterSeq: number; limit: number }): Promise<StatementLine[]> {
    const lines: StatementLine[] = [];
    for (const { transaction } of this.communities.get(community)?.journal ?? []) {
      if (transaction.seq <= options.afterSeq) continue;
      const posting = transaction.postings.find((p) => p.account === account);
      if (posting === undefined) continue;
      lines.push({
        seq: transaction.seq,
        transactionId: transaction.id,
        kind: transaction.kind,
        memo: transaction.memo,
        effectiveAt: transaction.effectiveAt,
        recordedAt: transaction.recordedAt,
        amount: posting.amount,
        balanceAfter: posting.balanceAfter,
      });
      if (lines.length >= options.limit) break;
    }
    return lines;
  }

  async trialBalance(community: string, at?: string): Promise<TrialBalanceLine[]> {
    const state = this.communities.get(community);
    if (state === undefined) return [];
    const balances = new Map<string, Amount>();
    if (at === undefined) {
      for (const [id, account] of state.accounts) balances.set(id, account.balance);
    } else {
      // Every account counts, at zero before its first posting, as in the PostgreSQL store.
      for (const id of state.accounts.keys()) balances.set(id, new AmountDecimal(0));
      for (const { transaction } of state.journal) {
        if (transaction.effectiveAt > at) continue;
        for (const posting of transaction.postings)
          balances.set(posting.account, (balances.get(posting.account) ?? new AmountDecimal(0)).plus(posting.amount));
      }
    }
    const lines = new Map<string, { debit: Amount; credit: Amount; accounts: number }>();
    for (const [id, balance] of balances) {
      const unit = state.accounts.get(id)?.prepared.unit as string;
      const line = lines.get(unit) ?? { debit: new AmountDecimal(0), credit: new AmountDecimal(0), accounts: 0 };
      if (balance.isNegative()) line.debit = line.debit.plus(balance);
      else line.credit = line.credit.plus(balance);
      line.accounts += 1;
      lines.set(unit, line);
    }
    return [...lines.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([unit, line]) => {
        const scale = scaleOf(state, unit);
        return {
          unit,
          debit: line.debit.toFixed(scale),
          credit: line.credit.toFixed(scale),
          net: line.debit.plus(line.credit).toFixed(scale),
          accounts: line.accounts,
        };
      });
  }

  async journal(community: string, options: { afterSeq: number; limit: number }): Promise<Transaction[]> {
    const journal = this.communities.get(community)?.journal ?? [];
    return journal.slice(options.afterSeq, options.afterSeq + options.limit).map((stored) => copy(stored.transaction));
  }

  async chainHead(community: string): Promise<ChainHead | undefined> {
    const state = this.communities.get(community);
    return state === undefined ? undefined : { ...state.head };
  }

  async creditedByKind(community: string, account: string, kind: string): Promise<string | undefined> {
    const state = this.communities.get(community);
    const found = state?.accounts.get(account);
    if (state === undefined || found === undefined) return undefined;
    let credited = new AmountDecimal(0);
    for (const { transaction } of state.journal) {
      const reversed =
        transaction.kind === 'reversal' && transaction.reverses !== null ? state.byId.get(transaction.reverses)?.transaction : undefined;
      for (const posting of transaction.postings) {
        if (posting.account !== account) continue;
        const amount = new AmountDecimal(posting.amount);
        if (
          (transaction.kind === kind && amount.isPositive() && !amount.isZero()) ||
          (reversed?.kind === kind && amount.isNegative() && !amount.isZero())
        )
          credited = credited.plus(amount);
      }
    }
    return credited.toFixed(scaleOf(state, found.prepared.unit));
  }

  async monthlyFigures(community: string, query: MonthlyFiguresQuery): Promise<MonthlyFigure[]> {
    const state = this.communities.get(community);
    if (state === undefined) return [];
    return monthlyFiguresOf(
      state.journal.map((stored) => stored.transaction),
      query,
      (id) => state.byId.get(id)?.transaction,
      (unit) => scaleOf(state, unit),
    );
  }

  async derivedStateMismatch(community: string): Promise<DerivedStateMismatch | undefined> {
    const state = this.communities.get(community);
    if (state === undefined) return undefined;
    const sums = new Map<string, Amount>();
    for (const { transaction } of state.journal) {
      for (const posting of transaction.postings)
        sums.set(posting.account, (sums.get(posting.account) ?? new AmountDecimal(0)).plus(posting.amount));
    }
    const held = new Map<string, Amount>();
    const incoming = new Map<string, Amount>();
    for (const { hold } of state.holds.values()) {
      if (hold.status !== 'pending') continue;
      held.set(hold.from, (held.get(hold.from) ?? new AmountDecimal(0)).plus(hold.amount));
      incoming.set(hold.to, (incoming.get(hold.to) ?? new AmountDecimal(0)).plus(hold.amount));
    }
    for (const id of [...state.accounts.keys()].sort()) {
      const account = state.accounts.get(id) as AccountState;
      const zero = new AmountDecimal(0);
      if (
        !account.balance.equals(sums.get(id) ?? zero) ||
        !account.held.equals(held.get(id) ?? zero) ||
        !account.incoming.equals(incoming.get(id) ?? zero)
      ) {
        return { reason: 'account_mismatch', account: id };
      }
    }
    return undefined;
  }

  async listCommunities(): Promise<{ id: string; name: string }[]> {
    return [...this.communities.entries()].map(([id, state]) => ({ id, name: state.name })).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async close(): Promise<void> {}

  /** For tamper tests: changes a stored posting's amount behind the ledger's back. */
  tamperForTest(community: string, seq: number, amount: string): void {
    const stored = this.communities.get(community)?.journal[seq - 1];
    const posting = stored?.transaction.postings[0];
    if (posting === undefined) throw new Error(`no transaction ${seq}`);
    posting.amount = amount;
  }

  private view(account: AccountState): Account {
    const scale = scaleOf(this.communities.get(account.prepared.community) as CommunityState, account.prepared.unit);
    return {
      ...copy(account.prepared),
      status: account.status,
      balance: account.balance.toFixed(scale),
      held: account.held.toFixed(scale),
      incoming: account.incoming.toFixed(scale),
      available: account.balance.minus(account.held).toFixed(scale),
      createdAt: account.createdAt,
    };
  }
}

function scaleOf(state: CommunityState, unit: string): number {
  const found = state.units.get(unit);
  if (found === undefined) throw new Error(`assertion: unit ${unit} is not defined`);
  return found.scale;
}

function cloneState(state: CommunityState): CommunityState {
  const accounts = new Map<string, AccountState>();
  for (const [id, account] of state.accounts) accounts.set(id, { ...account, prepared: copy(account.prepared) });
  const holds = new Map<string, StoredHold>();
  for (const [id, stored] of state.holds) holds.set(id, { hold: copy(stored.hold), bodyHash: stored.bodyHash });
  return {
    ...state,
    units: new Map(state.units),
    accounts,
    journal: [...state.journal],
    byId: new Map(state.byId),
    holds,
    head: { ...state.head },
  };
}

function applyOne(state: CommunityState, community: string, operation: Operation, now: string): OperationResult {
  switch (operation.type) {
    case 'post':
    case 'hold_post':
      return post(state, community, operation.transaction, now);
    case 'hold_create':
      return createHold(state, community, operation.hold, now);
    case 'hold_void':
      return voidHold(state, operation.holdId, now);
    case 'expire_holds':
      return expireHolds(state, now);
  }
}

/** Checks in the precedence order of `rejections.ts`, then writes. */
function post(state: CommunityState, community: string, prepared: PreparedTransaction, now: string): OperationResult {
  const existing = state.byId.get(prepared.id);
  if (existing !== undefined) {
    if (existing.bodyHash !== prepared.bodyHash)
      return { ok: false, ...refuse('id_reused_with_different_body', `transaction ${prepared.id} exists with another body`) };
    return { ok: true, replayed: true, transaction: existing.transaction };
  }
  const accounts: AccountState[] = [];
  for (const posting of prepared.postings) {
    const account = state.accounts.get(posting.account);
    if (account === undefined) return { ok: false, ...refuse('account_not_found', `account ${posting.account} does not exist`) };
    accounts.push(account);
  }
  for (const [index, posting] of prepared.postings.entries()) {
    const account = accounts[index] as AccountState;
    if (account.prepared.unit !== posting.unit)
      return { ok: false, ...refuse('unit_mismatch', `account ${posting.account} is in ${account.prepared.unit}, not ${posting.unit}`) };
  }
  for (const account of accounts)
    if (account.status === 'frozen') return { ok: false, ...refuse('account_frozen', `account ${account.prepared.id} is frozen`) };
  for (const account of accounts)
    if (account.status === 'closed') return { ok: false, ...refuse('account_closed', `account ${account.prepared.id} is closed`) };

  let hold: StoredHold | undefined;
  if (prepared.reverses !== null) {
    const refusal = checkReversal(state, prepared);
    if (refusal !== null) return { ok: false, ...refusal };
  }
  if (prepared.holdId !== null) {
    hold = state.holds.get(prepared.holdId);
    if (hold === undefined) return { ok: false, ...refuse('hold_not_found', `hold ${prepared.holdId} does not exist`) };
    if (hold.hold.status !== 'pending')
      return { ok: false, ...refuse('hold_not_pending', `hold ${prepared.holdId} is ${hold.hold.status}`) };
    if (hold.hold.expiresAt !== null && hold.hold.expiresAt <= now)
      return { ok: false, ...refuse('hold_expired', `hold ${prepared.holdId} expired at ${hold.hold.expiresAt}`) };
    const posted = prepared.postings.find((p) => p.account === hold?.hold.to)?.amount ?? '0';
    if (new AmountDecimal(posted).greaterThan(hold.hold.amount))
      return { ok: false, ...refuse('amount_exceeds_hold', `${posted} is more than the held ${hold.hold.amount}`) };
  }

  // Limits: a pending hold being posted releases its reservation in the same step.
  const released = hold === undefined ? undefined : { from: hold.hold.from, to: hold.hold.to, amount: new AmountDecimal(hold.hold.amount) };
  for (const [index, posting] of prepared.postings.entries()) {
    const account = accounts[index] as AccountState;
    const amount = new AmountDecimal(posting.amount);
    const held = released?.from === posting.account ? account.held.minus(released.amount) : account.held;
    if (
      amount.isNegative() &&
      account.prepared.lowerLimit !== null &&
      account.balance.plus(amount).minus(held).lessThan(account.prepared.lowerLimit)
    ) {
      return { ok: false, ...refuse('exceeds_lower_limit', `account ${posting.account} would fall below ${account.prepared.lowerLimit}`) };
    }
  }
  // Floors: this transaction's own lower bounds on available balances, checked as the lower limit is.
  for (const [index, posting] of prepared.postings.entries()) {
    const account = accounts[index] as AccountState;
    const amount = new AmountDecimal(posting.amount);
    const held = released?.from === posting.account ? account.held.minus(released.amount) : account.held;
    if (amount.isNegative() && posting.floor !== undefined && account.balance.plus(amount).minus(held).lessThan(posting.floor)) {
      return {
        ok: false,
        ...refuse('exceeds_floor', `account ${posting.account} would fall below ${posting.floor}, this transaction's floor`),
      };
    }
  }
  for (const [index, posting] of prepared.postings.entries()) {
    const account = accounts[index] as AccountState;
    const amount = new AmountDecimal(posting.amount);
    const incoming = released?.to === posting.account ? account.incoming.minus(released.amount) : account.incoming;
    if (
      amount.isPositive() &&
      account.prepared.upperLimit !== null &&
      account.balance.plus(amount).plus(incoming).greaterThan(account.prepared.upperLimit)
    ) {
      return { ok: false, ...refuse('exceeds_upper_limit', `account ${posting.account} would rise above ${account.prepared.upperLimit}`) };
    }
  }

  // Write.
  const postings = prepared.postings.map((posting, index) => {
    const account = accounts[index] as AccountState;
    account.balance = account.balance.plus(posting.amount);
    // The floor is a condition of the write, not recorded.
    return {
      account: posting.account,
      unit: posting.unit,
      amount: posting.amount,
      balanceAfter: account.balance.toFixed(scaleOf(state, posting.unit)),
    };
  });
  if (hold !== undefined && released !== undefined) {
    const from = state.accounts.get(released.from) as AccountState;
    const to = state.accounts.get(released.to) as AccountState;
    from.held = from.held.minus(released.amount);
    to.incoming = to.incoming.minus(released.amount);
    const postedAmount = prepared.postings.find((p) => p.account === released.to)?.amount ?? null;
    hold.hold = { ...hold.hold, status: 'posted', resolvedAt: now, postedAmount, transactionId: prepared.id };
  }
  const seq = state.head.seq + 1;
  const hash = linkHash(state.head.hash, seq, now, prepared.contentHash);
  const transaction: Transaction = {
    community,
    id: prepared.id,
    seq,
    kind: prepared.kind,
    actor: prepared.actor,
    memo: prepared.memo,
    metadata: copy(prepared.metadata),
    effectiveAt: prepared.effectiveAt,
    recordedAt: now,
    reverses: prepared.reverses,
    holdId: prepared.holdId,
    postings,
    hash,
  };
  const stored = { transaction, bodyHash: prepared.bodyHash };
  state.journal.push(stored);
  state.byId.set(prepared.id, stored);
  state.head = { seq, hash };
  return { ok: true, replayed: false, transaction: copy(transaction) };
}

function checkReversal(state: CommunityState, prepared: PreparedTransaction): Refusal | null {
  const original = state.byId.get(prepared.reverses as string)?.transaction;
  if (original === undefined) return refuse('transaction_not_found', `transaction ${prepared.reverses} does not exist`);
  if (original.reverses !== null) return refuse('reversal_not_reversible', `transaction ${original.id} is itself a reversal`);
  const taken = new Map<string, Amount>();
  for (const { transaction } of state.journal) {
    if (transaction.reverses !== original.id) continue;
    for (const posting of transaction.postings)
      taken.set(posting.account, (taken.get(posting.account) ?? new AmountDecimal(0)).plus(posting.amount));
  }
  const fullyReversed = original.postings.every((p) => new AmountDecimal(p.amount).plus(taken.get(p.account) ?? 0).isZero());
  if (fullyReversed) return refuse('already_reversed', `transaction ${original.id} is already reversed in full`);
  for (const posting of prepared.postings) {
    const originalPosting = original.postings.find((p) => p.account === posting.account);
    if (originalPosting === undefined) return refuse('reversal_exceeds_original', `${posting.account} has no posting in ${original.id}`);
    const after = new AmountDecimal(originalPosting.amount).plus(taken.get(posting.account) ?? 0).plus(posting.amount);
    // A reversal takes back (the opposite sign), and what remains must keep the original's sign
    // (or reach zero): never reverse more than was posted.
    const originalNegative = new AmountDecimal(originalPosting.amount).isNegative();
    if (
      new AmountDecimal(posting.amount).isNegative() === originalNegative ||
      (!after.isZero() && after.isNegative() !== originalNegative)
    ) {
      return refuse(
        'reversal_exceeds_original',
        `reversing ${posting.amount} on ${posting.account} takes back more than ${original.id} posted`,
      );
    }
  }
  return null;
}

function createHold(state: CommunityState, community: string, prepared: PreparedHold, now: string): OperationResult {
  const existing = state.holds.get(prepared.id);
  if (existing !== undefined) {
    if (existing.bodyHash !== prepared.bodyHash)
      return { ok: false, ...refuse('id_reused_with_different_body', `hold ${prepared.id} exists with another body`) };
    return { ok: true, replayed: true, hold: existing.hold };
  }
  const from = state.accounts.get(prepared.from);
  const to = state.accounts.get(prepared.to);
  if (from === undefined) return { ok: false, ...refuse('account_not_found', `account ${prepared.from} does not exist`) };
  if (to === undefined) return { ok: false, ...refuse('account_not_found', `account ${prepared.to} does not exist`) };
  for (const account of [from, to])
    if (account.prepared.unit !== prepared.unit)
      return {
        ok: false,
        ...refuse('unit_mismatch', `account ${account.prepared.id} is in ${account.prepared.unit}, not ${prepared.unit}`),
      };
  for (const account of [from, to])
    if (account.status === 'frozen') return { ok: false, ...refuse('account_frozen', `account ${account.prepared.id} is frozen`) };
  for (const account of [from, to])
    if (account.status === 'closed') return { ok: false, ...refuse('account_closed', `account ${account.prepared.id} is closed`) };
  const amount = new AmountDecimal(prepared.amount);
  if (from.prepared.lowerLimit !== null && from.balance.minus(from.held).minus(amount).lessThan(from.prepared.lowerLimit)) {
    return { ok: false, ...refuse('exceeds_lower_limit', `account ${prepared.from} would fall below ${from.prepared.lowerLimit}`) };
  }
  if (prepared.floor !== null && from.balance.minus(from.held).minus(amount).lessThan(prepared.floor)) {
    return { ok: false, ...refuse('exceeds_floor', `account ${prepared.from} would fall below ${prepared.floor}, this hold's floor`) };
  }
  if (to.prepared.upperLimit !== null && to.balance.plus(to.incoming).plus(amount).greaterThan(to.prepared.upperLimit)) {
    return { ok: false, ...refuse('exceeds_upper_limit', `account ${prepared.to} would rise above ${to.prepared.upperLimit}`) };
  }
  from.held = from.held.plus(amount);
  to.incoming = to.incoming.plus(amount);
  const hold: Hold = {
    community,
    id: prepared.id,
    kind: prepared.kind,
    actor: prepared.actor,
    from: prepared.from,
    to: prepared.to,
    unit: prepared.unit,
    amount: prepared.amount,
    memo: prepared.memo,
    metadata: copy(prepared.metadata),
    status: 'pending',
    expiresAt: prepared.expiresAt,
    createdAt: now,
    resolvedAt: null,
    postedAmount: null,
    transactionId: null,
  };
  state.holds.set(prepared.id, { hold, bodyHash: prepared.bodyHash });
  return { ok: true, replayed: false, hold: copy(hold) };
}

function release(state: CommunityState, hold: Hold): void {
  const amount = new AmountDecimal(hold.amount);
  const from = state.accounts.get(hold.from) as AccountState;
  const to = state.accounts.get(hold.to) as AccountState;
  from.held = from.held.minus(amount);
  to.incoming = to.incoming.minus(amount);
}

function voidHold(state: CommunityState, holdId: string, now: string): OperationResult {
  const stored = state.holds.get(holdId);
  if (stored === undefined) return { ok: false, ...refuse('hold_not_found', `hold ${holdId} does not exist`) };
  if (stored.hold.status === 'voided') return { ok: true, replayed: true, hold: copy(stored.hold) };
  if (stored.hold.status !== 'pending') return { ok: false, ...refuse('hold_not_pending', `hold ${holdId} is ${stored.hold.status}`) };
  release(state, stored.hold);
  stored.hold = { ...stored.hold, status: 'voided', resolvedAt: now };
  return { ok: true, replayed: false, hold: copy(stored.hold) };
}

function expireHolds(state: CommunityState, now: string): OperationResult {
  let expired = 0;
  for (const stored of state.holds.values()) {
    if (stored.hold.status !== 'pending' || stored.hold.expiresAt === null || stored.hold.expiresAt > now) continue;
    release(state, stored.hold);
    stored.hold = { ...stored.hold, status: 'expired', resolvedAt: now };
    expired += 1;
  }
  return { ok: true, replayed: false, expired };
}
