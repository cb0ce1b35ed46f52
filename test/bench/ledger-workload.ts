// The ledger benchmark's books and load: a time-bank community, its accounts, and closed-loop callers.
import type { Ledger, LedgerStore, Operation, OperationResult, TransactionInput } from '@linli/ledger';

export interface BenchBooks {
  community: string;
  /** Member hour accounts with no lower limit (an overdraft the bench never reaches). */
  members: string[];
  /** Accounts with both limits that every transaction of the hot scenario touches. */
  hot: string[];
}

/** A small, seeded generator (mulberry32), so every run posts the same sequence of transfers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Accounts opened at a time while setting up the books. */
const accountsOpenedConcurrently = 8;

export async function openBooks(ledger: Ledger, community: string, memberCount: number, hotCount: number): Promise<BenchBooks> {
  await ledger.createCommunity({ id: community, name: `bench ${community}` });
  const members = Array.from({ length: memberCount }, (_, index) => `member/m-${index}/hours`);
  const hot = Array.from({ length: hotCount }, (_, index) => `community/hours/hot-${index}`);
  const inputs = [
    ...members.map((id) => ({ community, id, unit: 'HOUR', name: id, ownerRef: id.split('/')[1] ?? null, lowerLimit: null })),
    ...hot.map((id) => ({ community, id, unit: 'HOUR', name: id, lowerLimit: '-100000000.00', upperLimit: '100000000.00' })),
  ];
  for (let start = 0; start < inputs.length; start += accountsOpenedConcurrently) {
    await Promise.all(inputs.slice(start, start + accountsOpenedConcurrently).map((input) => ledger.openAccount(input)));
  }
  return { community, members, hot };
}

/** Makes the transactions the bench posts: one hour from one account to another, with a little metadata. */
export class Transfers {
  private counter = 0;
  private readonly random: () => number;

  constructor(
    private readonly books: BenchBooks,
    private readonly prefix: string,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  private pick(accounts: readonly string[]): string {
    return accounts[Math.floor(this.random() * accounts.length)] as string;
  }

  private transfer(from: string, to: string): TransactionInput {
    this.counter += 1;
    return {
      community: this.books.community,
      id: `${this.prefix}-${this.counter}`,
      kind: 'service_credit',
      actor: 'user/coordinator-1',
      memo: 'bench: one hour of service',
      metadata: { need: `need-${this.counter % 5_000}` },
      postings: [
        { account: from, unit: 'HOUR', amount: '-1.00' },
        { account: to, unit: 'HOUR', amount: '1.00' },
      ],
    };
  }

  /** Between two different members chosen at random. */
  member(): TransactionInput {
    const from = this.pick(this.books.members);
    let to = this.pick(this.books.members);
    while (to === from) to = this.pick(this.books.members);
    return this.transfer(from, to);
  }

  /** Between a hot account and a member, in either direction. */
  hot(): TransactionInput {
    const hot = this.pick(this.books.hot);
    const member = this.pick(this.books.members);
    return this.random() < 0.5 ? this.transfer(hot, member) : this.transfer(member, hot);
  }
}

/** History is loaded in linked batches of this size (the ledger's largest)… */
export const historyBatchSize = 1_000;
/** …with this many batches in flight: the next batch is prepared while one is written. */
export const historyBatchesInFlight = 2;

/** Posts `count` transactions between members in linked batches, `historyBatchesInFlight` batches in flight. */
export async function loadHistory(ledger: Ledger, books: BenchBooks, transfers: Transfers, count: number): Promise<void> {
  let remaining = count;
  await Promise.all(
    Array.from({ length: historyBatchesInFlight }, async () => {
      while (remaining > 0) {
        const size = Math.min(historyBatchSize, remaining);
        remaining -= size;
        await ledger.postLinked(
          books.community,
          Array.from({ length: size }, () => transfers.member()),
        );
      }
    }),
  );
}

/**
 * `callers` loops, each awaiting `operation` again and again until `durationMs` has passed;
 * `operation` returns how many transactions it wrote. Any error (a refusal included) ends the run.
 */
export async function closedLoop(
  callers: number,
  durationMs: number,
  operation: () => Promise<number>,
): Promise<{ transactions: number; seconds: number }> {
  const start = performance.now();
  const deadline = start + durationMs;
  let transactions = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        // Not `transactions += await operation()`: that reads the total before the await and
        // loses what the other callers add meanwhile.
        const written = await operation();
        transactions += written;
      }
    }),
  );
  return { transactions, seconds: (performance.now() - start) / 1000 };
}

/** Counts the store's write calls and the operations in them, to show how well writes coalesce. */
export class CountingStore {
  calls = 0;
  operations = 0;

  constructor(readonly inner: LedgerStore) {}

  /** The same store, with `apply` counted; every other method is the inner store's. */
  wrap(): LedgerStore {
    return new Proxy(this.inner, {
      get: (target, property, receiver) => {
        if (property === 'apply') {
          return async (
            community: string,
            operations: readonly Operation[],
            options: Parameters<LedgerStore['apply']>[2],
          ): Promise<OperationResult[]> => {
            this.calls += 1;
            this.operations += operations.length;
            return target.apply(community, operations, options);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  reset(): void {
    this.calls = 0;
    this.operations = 0;
  }

  /** Mean operations per store call since the last reset. */
  meanBatch(): number {
    return this.calls === 0 ? 0 : this.operations / this.calls;
  }
}
