// A random workload for the invariant properties: accounts with tight limits, and a run of
// postings, linked batches, holds, hold postings, voids, expiries and reversals against them.
import fc from 'fast-check';
import type { Account } from './account.js';
import type { Hold, HoldInput } from './hold.js';
import type { JsonObject } from './json.js';
import { Ledger } from './ledger.js';
import { MemoryStore } from './store-memory.js';
import {
  extraUnits,
  fromUnits,
  outcome,
  positiveUnits,
  testUnits,
  toUnits,
  writtenAmount,
  type Outcome,
  type TestClock,
} from './test-arbitraries.js';
import type { PostingInput, Transaction, TransactionInput } from './transaction.js';

export interface WorkloadAccount {
  id: string;
  unit: string;
  lowerLimit: string | null;
  upperLimit: string | null;
}

export interface PostSpec {
  postings: PostingInput[];
  /** Milliseconds before now (negative: after) the transaction is effective; null for "now". */
  backdateMs: number | null;
  memo: string;
  metadata: JsonObject;
}

export type StepSpec =
  | ({ type: 'post' } & PostSpec)
  | { type: 'linked'; transactions: PostSpec[] }
  | { type: 'hold'; from: string; to: string; unit: string; amount: string; expiresInMs: number | null }
  | { type: 'post_hold'; pick: number; tenths: number }
  | { type: 'void_hold'; pick: number }
  | { type: 'expire'; advanceMs: number }
  | { type: 'reverse'; pick: number; tenths: number };

export interface Workload {
  accounts: WorkloadAccount[];
  steps: StepSpec[];
}

/** Accounts per unit: one source without limits (an issuance account) and members with limits. */
const membersPerUnit = 2;

function sourceOf(unit: string): string {
  return `${unit}/source`;
}

function memberOf(unit: string, index: number): string {
  return `${unit}/m${index}`;
}

/** A lower limit: none, zero (the default), or an overdraft; an upper limit: none or tight. */
function limitsArbitrary(scale: number): fc.Arbitrary<{ lowerLimit: string | null; upperLimit: string | null }> {
  const step = 10n ** BigInt(scale);
  const lower = fc.oneof(
    fc.constant<bigint | null>(null),
    fc.constant<bigint | null>(0n),
    fc.bigInt({ min: 1n, max: 10n * step }).map((units): bigint | null => -units),
  );
  const upper = fc.oneof(fc.constant<bigint | null>(null), fc.bigInt({ min: 1n, max: 40n * step }));
  return fc.tuple(lower, upper).map(([low, high]) => ({
    lowerLimit: low === null ? null : fromUnits(low, scale),
    upperLimit: high === null ? null : fromUnits(high, scale),
  }));
}

const accountsArbitrary: fc.Arbitrary<WorkloadAccount[]> = fc
  .tuple(...testUnits.map((unit) => fc.array(limitsArbitrary(unit.scale), { minLength: membersPerUnit, maxLength: membersPerUnit })))
  .map((perUnit) =>
    perUnit.flatMap((limits, unitIndex) => {
      const unit = testUnits[unitIndex] as (typeof testUnits)[number];
      return [
        { id: sourceOf(unit.code), unit: unit.code, lowerLimit: null, upperLimit: null },
        ...limits.map((limit, index) => ({ id: memberOf(unit.code, index), unit: unit.code, ...limit })),
      ];
    }),
  );

/** Account ids of one unit: the source first. */
function accountsOf(unit: string): string[] {
  return [sourceOf(unit), ...Array.from({ length: membersPerUnit }, (_, index) => memberOf(unit, index))];
}

const metadataArbitrary: fc.Arbitrary<JsonObject> = fc.oneof(
  fc.constant({}),
  fc.record({ note: fc.string({ maxLength: 12 }), count: fc.integer({ min: -1000, max: 1000 }) }),
  fc.record({
    服务: fc.constantFrom('助老', '陪诊', '理发'),
    nested: fc.record({ flag: fc.boolean(), list: fc.array(fc.integer(), { maxLength: 3 }) }),
  }),
);

/** One unit's legs of a transaction: payers pay payees, and the legs sum to zero. */
function legsArbitrary(unitIndex: number): fc.Arbitrary<PostingInput[]> {
  const unit = testUnits[unitIndex] as (typeof testUnits)[number];
  const ids = accountsOf(unit.code);
  return fc
    .tuple(
      fc.shuffledSubarray(ids, { minLength: 2, maxLength: 3 }),
      fc.array(fc.tuple(positiveUnits(unit.scale), fc.boolean()), { minLength: 2, maxLength: 2 }),
      fc.boolean(),
    )
    .map(([accounts, amounts, onePayer]) => {
      const [first, second] = amounts as [[bigint, boolean], [bigint, boolean]];
      if (accounts.length === 2) {
        const [payer, payee] = accounts as [string, string];
        return [
          { account: payer, unit: unit.code, amount: `-${writtenAmount(first[0], unit.scale, first[1])}` },
          { account: payee, unit: unit.code, amount: writtenAmount(first[0], unit.scale, first[1]) },
        ];
      }
      // Three accounts: one payer to two payees, or two payers to one payee.
      const [a, b, c] = accounts as [string, string, string];
      const sign = onePayer ? 1n : -1n;
      const total = first[0] + second[0];
      return [
        { account: a, unit: unit.code, amount: fromUnits(-sign * total, unit.scale) },
        { account: b, unit: unit.code, amount: fromUnits(sign * first[0], unit.scale) },
        { account: c, unit: unit.code, amount: writtenAmount(sign * second[0], unit.scale, second[1]) },
      ];
    });
}

export const postSpecArbitrary: fc.Arbitrary<PostSpec> = fc
  .tuple(
    fc.uniqueArray(fc.nat({ max: testUnits.length - 1 }), { minLength: 1, maxLength: 2 }),
    fc.option(fc.integer({ min: -86_400_000, max: 10 * 86_400_000 }), { nil: null }),
    fc.string({ maxLength: 20 }),
    metadataArbitrary,
  )
  .chain(([unitIndexes, backdateMs, memo, metadata]) =>
    fc.tuple(...unitIndexes.map(legsArbitrary)).map((legs) => ({ postings: legs.flat(), backdateMs, memo, metadata })),
  );

const stepArbitrary: fc.Arbitrary<StepSpec> = fc.oneof(
  { weight: 8, arbitrary: postSpecArbitrary.map((spec): StepSpec => ({ type: 'post', ...spec })) },
  {
    weight: 2,
    arbitrary: fc
      .array(postSpecArbitrary, { minLength: 1, maxLength: 3 })
      .map((transactions): StepSpec => ({ type: 'linked', transactions })),
  },
  {
    weight: 3,
    arbitrary: fc
      .nat({ max: testUnits.length - 1 })
      .chain((unitIndex) => {
        const unit = testUnits[unitIndex] as (typeof testUnits)[number];
        return fc.tuple(
          fc.constant(unit),
          fc.shuffledSubarray(accountsOf(unit.code), { minLength: 2, maxLength: 2 }),
          positiveUnits(unit.scale),
          fc.option(fc.integer({ min: 1, max: 3_600_000 }), { nil: null }),
        );
      })
      .map(
        ([unit, [from, to], amount, expiresInMs]): StepSpec => ({
          type: 'hold',
          from: from as string,
          to: to as string,
          unit: unit.code,
          amount: fromUnits(amount, unit.scale),
          expiresInMs,
        }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ pick: fc.nat(), tenths: fc.integer({ min: 0, max: 10 }) })
      .map((spec): StepSpec => ({ type: 'post_hold', ...spec })),
  },
  { weight: 1, arbitrary: fc.nat().map((pick): StepSpec => ({ type: 'void_hold', pick })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 7_200_000 }).map((advanceMs): StepSpec => ({ type: 'expire', advanceMs })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ pick: fc.nat(), tenths: fc.integer({ min: 0, max: 10 }) })
      .map((spec): StepSpec => ({ type: 'reverse', ...spec })),
  },
);

export function workloadArbitrary(steps: { minLength: number; maxLength: number }): fc.Arbitrary<Workload> {
  return fc.record({ accounts: accountsArbitrary, steps: fc.array(stepArbitrary, steps) });
}

/** What one step did. */
export interface StepRecord {
  step: StepSpec;
  /** What was sent: a TransactionInput, TransactionInput[] for a batch, a HoldInput, … */
  request: unknown;
  outcome: Outcome<unknown>;
}

export interface WorkloadRun {
  community: string;
  records: StepRecord[];
  /** Every hold created, by id. */
  holds: Hold[];
  /** Ids of committed transactions, in order of commit. */
  committed: string[];
}

/** Creates the community, its extra units and the workload's accounts. */
export async function openWorkloadBooks(ledger: Ledger, community: string, accounts: readonly WorkloadAccount[]): Promise<Account[]> {
  await ledger.createCommunity({ id: community, name: `test ${community}` });
  for (const unit of extraUnits) await ledger.defineUnit(community, unit);
  const opened: Account[] = [];
  for (const account of accounts) {
    opened.push(
      await ledger.openAccount({
        community,
        id: account.id,
        unit: account.unit,
        name: account.id,
        lowerLimit: account.lowerLimit,
        upperLimit: account.upperLimit,
      }),
    );
  }
  return opened;
}

export function transactionInput(community: string, id: string, spec: PostSpec, clock: TestClock): TransactionInput {
  return {
    community,
    id,
    kind: 'test_transfer',
    actor: 'tester',
    memo: spec.memo,
    metadata: spec.metadata,
    ...(spec.backdateMs === null ? {} : { effectiveAt: clock.iso(-spec.backdateMs) }),
    postings: spec.postings,
  };
}

/** Part of an amount: `tenths` of it (0 or 10 meaning all), at least the smallest step. */
export function partOf(amount: string, scale: number, tenths: number): string {
  const units = toUnits(amount, scale);
  if (tenths === 0 || tenths >= 10) return fromUnits(units < 0n ? -units : units, scale);
  const part = ((units < 0n ? -units : units) * BigInt(tenths)) / 10n;
  return fromUnits(part === 0n ? 1n : part, scale);
}

/**
 * Runs the steps one after another. Rejections are expected and recorded; anything else fails
 * the run. `onStep` sees the books after each step (for invariants "at every point").
 */
export async function runWorkload(
  ledger: Ledger,
  community: string,
  clock: TestClock,
  workload: Workload,
  onStep?: (record: StepRecord, index: number) => Promise<void>,
): Promise<WorkloadRun> {
  await openWorkloadBooks(ledger, community, workload.accounts);
  const run: WorkloadRun = { community, records: [], holds: [], committed: [] };
  const scaleOf = (unit: string): number => (testUnits.find((candidate) => candidate.code === unit) as (typeof testUnits)[number]).scale;
  let counter = 0;
  const nextId = (prefix: string): string => `${prefix}-${(counter += 1)}`;
  for (const [index, step] of workload.steps.entries()) {
    clock.advance(1_000);
    let result: Outcome<unknown>;
    let request: unknown = null;
    switch (step.type) {
      case 'post': {
        const input = transactionInput(community, nextId('t'), step, clock);
        request = input;
        result = await outcome(() => ledger.post(input));
        if (result.ok) run.committed.push((result.value as Transaction).id);
        break;
      }
      case 'linked': {
        const inputs = step.transactions.map((spec) => transactionInput(community, nextId('l'), spec, clock));
        request = inputs;
        result = await outcome(() => ledger.postLinked(community, inputs));
        if (result.ok) run.committed.push(...(result.value as Transaction[]).map((transaction) => transaction.id));
        break;
      }
      case 'hold': {
        const input: HoldInput = {
          community,
          id: nextId('h'),
          kind: 'test_hold',
          actor: 'tester',
          from: step.from,
          to: step.to,
          unit: step.unit,
          amount: step.amount,
          ...(step.expiresInMs === null ? {} : { expiresAt: clock.iso(step.expiresInMs) }),
        };
        request = input;
        result = await outcome(() => ledger.createHold(input));
        if (result.ok) run.holds.push(result.value as Hold);
        break;
      }
      case 'post_hold': {
        const hold = run.holds[step.pick % Math.max(1, run.holds.length)];
        if (hold === undefined) continue;
        result = await outcome(() =>
          ledger.postHold({
            community,
            holdId: hold.id,
            transactionId: nextId('hp'),
            actor: 'tester',
            amount: partOf(hold.amount, scaleOf(hold.unit), step.tenths),
          }),
        );
        if (result.ok) run.committed.push((result.value as Transaction).id);
        break;
      }
      case 'void_hold': {
        const hold = run.holds[step.pick % Math.max(1, run.holds.length)];
        if (hold === undefined) continue;
        result = await outcome(() => ledger.voidHold({ community, holdId: hold.id, actor: 'tester' }));
        break;
      }
      case 'expire':
        clock.advance(step.advanceMs);
        result = await outcome(() => ledger.expireHolds(community));
        break;
      case 'reverse': {
        const original = run.committed[step.pick % Math.max(1, run.committed.length)];
        if (original === undefined) continue;
        const transaction = await ledger.getTransaction(community, original);
        if (transaction === undefined) throw new Error(`assertion: committed ${original} is missing`);
        const pair = transaction.postings.length === 2 && step.tenths !== 0 && step.tenths < 10;
        const postings = pair
          ? transaction.postings.map((posting) => {
              const part = partOf(posting.amount, scaleOf(posting.unit), step.tenths);
              return { account: posting.account, unit: posting.unit, amount: posting.amount.startsWith('-') ? part : `-${part}` };
            })
          : undefined;
        result = await outcome(() =>
          ledger.reverse({
            community,
            id: nextId('r'),
            reverses: original,
            actor: 'tester',
            ...(postings === undefined ? {} : { postings }),
          }),
        );
        if (result.ok) run.committed.push((result.value as Transaction).id);
        break;
      }
    }
    const record = { step, request, outcome: result };
    run.records.push(record);
    if (onStep !== undefined) await onStep(record, index);
  }
  return run;
}

/**
 * Re-posts a journal, in journal order, into a fresh community of a fresh in-memory model that
 * has the same accounts (units and limits). Hold postings and reversals go in as the plain
 * postings they are. Floors are not recorded: `floors` gives those a transaction was sent with
 * (by transaction id, then account), to be checked again in journal order. Returns each
 * re-posting's outcome and the model's ledger.
 */
export async function replayJournal(
  journal: readonly Transaction[],
  accounts: readonly Account[],
  floors: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(),
): Promise<{ ledger: Ledger; community: string; results: Outcome<Transaction>[] }> {
  const ledger = new Ledger({ store: new MemoryStore() });
  const community = 'replay';
  await openWorkloadBooks(
    ledger,
    community,
    accounts.map((account) => ({ id: account.id, unit: account.unit, lowerLimit: account.lowerLimit, upperLimit: account.upperLimit })),
  );
  const results: Outcome<Transaction>[] = [];
  for (const transaction of journal) {
    results.push(
      await outcome(() =>
        ledger.post({
          community,
          id: transaction.id,
          kind: transaction.kind,
          actor: transaction.actor,
          memo: transaction.memo,
          metadata: transaction.metadata,
          effectiveAt: transaction.effectiveAt,
          postings: transaction.postings.map(({ account, unit, amount }) => {
            const floor = floors.get(transaction.id)?.get(account);
            return { account, unit, amount, ...(floor === undefined ? {} : { floor }) };
          }),
        }),
      ),
    );
  }
  return { ledger, community, results };
}
