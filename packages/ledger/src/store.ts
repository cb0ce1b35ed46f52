// The storage interface the ledger needs; the PostgreSQL store and the in-memory model implement it.
import type { Knex } from 'knex';
import type { Account, AccountStatus, PreparedAccount } from './account.js';
import type { Hold, PreparedHold } from './hold.js';
import type { Refusal } from './rejections.js';
import type { PreparedTransaction, Transaction } from './transaction.js';
import type { Unit } from './unit.js';

/**
 * One write. The ledger checks each operation's shape before it reaches the store; the store
 * checks it against the books under the community's write lock, in the precedence order of
 * `rejections.ts`, and applies it or refuses it whole.
 */
export type Operation =
  | { type: 'post'; transaction: PreparedTransaction }
  | { type: 'hold_create'; hold: PreparedHold }
  | { type: 'hold_post'; transaction: PreparedTransaction }
  | { type: 'hold_void'; holdId: string; actor: string }
  | { type: 'expire_holds' };

export type OperationResult =
  | { ok: true; replayed: boolean; transaction?: Transaction; hold?: Hold; expired?: number }
  | ({ ok: false } & Refusal)
  | Undone;

/**
 * A member of a refused linked batch that was not itself refused: undone with the batch. Not a
 * rejection code: the ledger reports the member that was refused, with its index.
 */
export interface Undone {
  ok: false;
  code: 'undone';
  detail: string;
}

export interface ApplyOptions {
  /** The time of writing, ISO 8601 UTC with milliseconds: `recorded_at` and the hold clock. */
  now: string;
  /** All or none: at the first refusal nothing is kept, and every other operation is `Undone`. */
  linked: boolean;
}

export type AccountChange = {
  status?: AccountStatus | undefined;
  lowerLimit?: string | null | undefined;
  upperLimit?: string | null | undefined;
};

export interface StatementLine {
  seq: number;
  transactionId: string;
  kind: string;
  memo: string;
  effectiveAt: string;
  recordedAt: string;
  amount: string;
  balanceAfter: string;
}

export interface TrialBalanceLine {
  unit: string;
  /** Sum of the negative balances. */
  debit: string;
  /** Sum of the positive balances. */
  credit: string;
  /** debit + credit: zero in balanced books. */
  net: string;
  accounts: number;
}

export type DerivedStateMismatch = { reason: 'posting_mismatch'; seq: number } | { reason: 'account_mismatch'; account: string };

export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * What one kind of figure in the monthly figures counts: postings of transactions of `kind` (and
 * of reversals of such transactions) into accounts whose id matches `accountPattern`, in `unit`
 * if given. `party` is the person behind each posting, counted once per figure: the posting's
 * account, or a field of the transaction's metadata (the original's, for a reversal).
 */
export interface CountedPostings {
  kind: string;
  /** An account id in which `%` stands for any run of characters (`store/%/stock/%`); ids never contain `%`. */
  accountPattern: string;
  unit?: string | undefined;
  party: 'account' | { metadata: string };
}

export interface MonthlyFiguresQuery {
  /** From this instant (inclusive) to `to` (exclusive), by the postings' effective time. */
  from: string;
  to: string;
  /** The months are those of this offset from UTC (minutes; 480 for China Standard Time). */
  utcOffsetMinutes: number;
  counted: readonly CountedPostings[];
}

export interface MonthlyFigure {
  /** `2025-03`. */
  month: string;
  kind: string;
  unit: string;
  /** The sum of the counted postings, at the unit's scale. */
  total: string;
  /** Distinct parties behind the counted postings. */
  parties: number;
}

export interface LedgerStore {
  /** `postgres`, `pglite` or `memory`. */
  readonly kind: string;

  /** Creates a community with the standard units; again with the same name is a no-op. */
  createCommunity(community: string, name: string, now: string): Promise<{ ok: true; created: boolean } | ({ ok: false } & Refusal)>;
  /** Defines a unit; the same again is a no-op, a different scale or name is refused. */
  defineUnit(community: string, unit: Unit): Promise<{ ok: true; created: boolean } | ({ ok: false } & Refusal)>;
  listUnits(community: string): Promise<Unit[]>;

  /** Opens an account; the same again returns it, a different body is refused. */
  openAccount(account: PreparedAccount, now: string): Promise<{ ok: true; account: Account; created: boolean } | ({ ok: false } & Refusal)>;
  /** Freezes, reopens, closes (only when empty) or changes limits (only ones the balance meets). */
  updateAccount(community: string, id: string, change: AccountChange): Promise<{ ok: true; account: Account } | ({ ok: false } & Refusal)>;
  getAccount(community: string, id: string): Promise<Account | undefined>;
  listAccounts(
    community: string,
    options: { unit?: string | undefined; ownerRef?: string | undefined; after?: string | undefined; limit: number },
  ): Promise<Account[]>;

  /** Applies operations in order, in one database transaction. */
  apply(community: string, operations: readonly Operation[], options: ApplyOptions): Promise<OperationResult[]>;

  getTransaction(community: string, id: string): Promise<Transaction | undefined>;
  getHold(community: string, id: string): Promise<Hold | undefined>;
  listHolds(
    community: string,
    options: { account?: string | undefined; status?: Hold['status'] | undefined; after?: string | undefined; limit: number },
  ): Promise<Hold[]>;
  /** The balance from postings effective at or before `at`; undefined if no such account. */
  balanceAt(community: string, account: string, at: string): Promise<string | undefined>;
  /** Postings of one account in journal order, after the cursor `afterSeq`. */
  statement(community: string, account: string, options: { afterSeq: number; limit: number }): Promise<StatementLine[]>;
  /** Per unit: the sums of all balances (now), or of postings effective at or before `at`. */
  trialBalance(community: string, at?: string): Promise<TrialBalanceLine[]>;
  /** Transactions in journal order with `seq` greater than `afterSeq`. */
  journal(community: string, options: { afterSeq: number; limit: number }): Promise<Transaction[]>;
  chainHead(community: string): Promise<ChainHead | undefined>;
  /**
   * What transactions of `kind` credited an account, net of reversals: the sum of its positive
   * postings in transactions of that kind (a posted hold has its hold's kind), plus its negative
   * postings in reversals of such transactions. At the account's scale; undefined if no such account.
   */
  creditedByKind(community: string, account: string, kind: string): Promise<string | undefined>;
  /**
   * Per month, kind and unit, the sum of the postings `query.counted` describes and how many
   * distinct parties they come from. A posting counts only with the sign of its kind's side: a
   * transaction's positive postings, a reversal's negative ones, each in the month of its own
   * effective time. Rows in byte order of month, kind and unit.
   */
  monthlyFigures(community: string, query: MonthlyFiguresQuery): Promise<MonthlyFigure[]>;
  /**
   * The first piece of state kept beside the journal that disagrees with it: a posting's copy of
   * its transaction's effective time, an account's balance (the sum of its postings), or its
   * held and incoming amounts (the sums of its pending holds). The hash chain cannot cover these,
   * since they change or are copied after the fact; `verify` checks them here.
   */
  derivedStateMismatch(community: string): Promise<DerivedStateMismatch | undefined>;
  listCommunities(): Promise<{ id: string; name: string }[]>;

  /** The same store inside a caller's database transaction (database stores only). */
  inTransaction?(transaction: Knex.Transaction): LedgerStore;

  close(): Promise<void>;
}
