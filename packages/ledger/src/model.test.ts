// Model-based test: random command sequences applied to the PostgreSQL store (PGlite always, the
// server when DATABASE_URL is set) and to the in-memory reference model, with one injected clock.
// Every result, rejection code, balance, statement line and trial balance must be the same.
// Postings and holds carry floors now and then, and retries change them (a floor is not part of
// the body, so both must answer a retry with its first result).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput } from './account.js';
import type { HoldInput, HoldPostInput } from './hold.js';
import { Ledger } from './ledger.js';
import { pageSizeMax } from './limits.js';
import type { ReversalInput } from './reversal.js';
import { MemoryStore } from './store-memory.js';
import {
  TestClock,
  extraUnits,
  freshCommunity,
  fromUnits,
  fullJournal,
  outcome,
  overScaleAmount,
  positiveUnits,
  testUnits,
  toUnits,
  writtenAmount,
  type Outcome,
} from './test-arbitraries.js';
import { partOf } from './test-workload.js';
import { pgliteFixture, postgresFixture, serverUrl, type OpenedStore, type StoreFixture } from './test-support.js';
import type { TransactionInput } from './transaction.js';

// ---------------------------------------------------------------------------------------------
// Commands, as generated: random picks that are resolved against what exists when they run.

type LimitSpec = { kind: 'none' } | { kind: 'zero' } | { kind: 'units'; units: bigint };

interface PostSpec {
  picks: number[];
  amounts: bigint[];
  trim: boolean;
  /** Picks the other accounts from every unit, not only the first account's (a unit_mismatch, mostly). */
  mixUnits: boolean;
  /** Replaces the last account with one never opened. */
  unknownAccount: boolean;
  /** Writes the first amount with one decimal too many. */
  overScale: string | null;
  /** Milliseconds before now the transaction is effective; null for now. */
  backdateMs: number | null;
  memo: string;
  /** Per posting: a floor in hundredths (scaled to the unit), or none. */
  floors: (bigint | null)[];
}

/** `floor`: the same request with floors it may no longer meet (not part of the body: the first result again). */
type Mutation = 'memo' | 'metadata' | 'floor' | 'none';

type Spec =
  | { type: 'open'; slot: number; unit: number; lower: LimitSpec; upper: LimitSpec; tagged: boolean }
  | ({ type: 'post' } & PostSpec)
  | { type: 'linked'; posts: PostSpec[] }
  | { type: 'resubmit'; pick: number; mutation: Mutation }
  | { type: 'hold'; from: number; to: number; mixUnits: boolean; units: bigint; expiresInMs: number | null; floor: bigint | null }
  | { type: 'post_hold'; pick: number; tenths: number }
  | { type: 'void_hold'; pick: number }
  | { type: 'advance'; ms: number }
  /** Moves the clock to exactly a hold's expiry: the instant it may no longer be posted. */
  | { type: 'advance_to_expiry'; pick: number }
  /** Several writes at once through each ledger: its writer sends them in one call to the store. */
  | { type: 'burst'; posts: PostSpec[]; holdPick: number | null }
  | { type: 'expire' }
  | { type: 'reverse'; pick: number; tenths: number }
  | { type: 'update'; pick: number; change: 'freeze' | 'unfreeze' | 'close' | 'limits'; lower: LimitSpec; upper: LimitSpec }
  | { type: 'balance_at'; pick: number; offsetMs: number }
  | { type: 'statement'; pick: number; pageSize: number }
  | { type: 'check' };

/** A request as sent, kept so that it can be sent again, the same or changed. */
type Request =
  | { type: 'open'; input: AccountInput }
  | { type: 'post'; input: TransactionInput }
  | { type: 'linked'; inputs: TransactionInput[] }
  | { type: 'hold'; input: HoldInput }
  | { type: 'post_hold'; input: HoldPostInput }
  | { type: 'reverse'; input: ReversalInput };

/** What the reference run has created so far: the ids commands pick from. */
interface Model {
  accounts: { id: string; unit: string }[];
  transactions: string[];
  holds: string[];
  requests: Request[];
  counter: number;
}

interface Real {
  community: string;
  /** The store under test. */
  primary: Ledger;
  /** The in-memory reference model. */
  reference: Ledger;
  clock: TestClock;
}

const limitArbitrary: fc.Arbitrary<LimitSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<LimitSpec>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.constant<LimitSpec>({ kind: 'zero' }) },
  { weight: 3, arbitrary: fc.bigInt({ min: -3_000n, max: 3_000n }).map((units): LimitSpec => ({ kind: 'units', units })) },
);

/** A floor in hundredths: zero and one step either side often, else around the balances the commands reach. */
const floorUnitsArbitrary: fc.Arbitrary<bigint> = fc.oneof(fc.constantFrom(0n, 1n, -1n), fc.bigInt({ min: -3_000n, max: 3_000n }));

const postSpecArbitrary: fc.Arbitrary<PostSpec> = fc.record({
  picks: fc.array(fc.nat(), { minLength: 2, maxLength: 3 }),
  amounts: fc.array(fc.oneof({ weight: 4, arbitrary: fc.bigInt({ min: 1n, max: 2_000n }) }, { weight: 1, arbitrary: positiveUnits(3) }), {
    minLength: 3,
    maxLength: 3,
  }),
  trim: fc.boolean(),
  mixUnits: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  unknownAccount: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  overScale: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: overScaleAmount(2) }),
  backdateMs: fc.option(fc.integer({ min: -3_600_000, max: 5 * 86_400_000 }), { nil: null, freq: 2 }),
  // Now and then any UTF-16 text, NUL and unpaired surrogates included, which both stores must refuse alike.
  memo: fc.oneof(
    { weight: 9, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  ),
  floors: fc.array(fc.option(floorUnitsArbitrary, { nil: null, freq: 2 }), { minLength: 3, maxLength: 3 }),
});

const specArbitraries: fc.Arbitrary<Spec>[] = [
  fc.record({
    type: fc.constant('open' as const),
    slot: fc.nat({ max: 7 }),
    unit: fc.nat({ max: testUnits.length - 1 }),
    lower: limitArbitrary,
    upper: limitArbitrary,
    tagged: fc.boolean(),
  }),
  postSpecArbitrary.map((spec): Spec => ({ type: 'post', ...spec })),
  postSpecArbitrary.map((spec): Spec => ({ type: 'post', ...spec })),
  postSpecArbitrary.map((spec): Spec => ({ type: 'post', ...spec })),
  fc.array(postSpecArbitrary, { minLength: 1, maxLength: 3 }).map((posts): Spec => ({ type: 'linked', posts })),
  fc.record({
    type: fc.constant('resubmit' as const),
    pick: fc.nat(),
    mutation: fc.constantFrom<Mutation>('none', 'none', 'memo', 'metadata', 'floor'),
  }),
  fc.record({
    type: fc.constant('hold' as const),
    from: fc.nat(),
    to: fc.nat(),
    mixUnits: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    units: fc.bigInt({ min: 1n, max: 2_000n }),
    expiresInMs: fc.option(fc.integer({ min: 1, max: 7_200_000 }), { nil: null }),
    floor: fc.option(floorUnitsArbitrary, { nil: null, freq: 2 }),
  }),
  fc.record({ type: fc.constant('post_hold' as const), pick: fc.nat(), tenths: fc.integer({ min: 0, max: 11 }) }),
  fc.record({ type: fc.constant('void_hold' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 7_200_000 }) }),
  fc.record({ type: fc.constant('advance_to_expiry' as const), pick: fc.nat() }),
  fc.record({
    type: fc.constant('burst' as const),
    posts: fc.array(postSpecArbitrary, { minLength: 2, maxLength: 4 }),
    holdPick: fc.option(fc.nat(), { nil: null }),
  }),
  fc.constant<Spec>({ type: 'expire' }),
  fc.record({ type: fc.constant('reverse' as const), pick: fc.nat(), tenths: fc.integer({ min: 0, max: 11 }) }),
  fc.record({
    type: fc.constant('update' as const),
    pick: fc.nat(),
    change: fc.constantFrom<'freeze' | 'unfreeze' | 'close' | 'limits'>('freeze', 'unfreeze', 'unfreeze', 'close', 'limits', 'limits'),
    lower: limitArbitrary,
    upper: limitArbitrary,
  }),
  fc.record({ type: fc.constant('balance_at' as const), pick: fc.nat(), offsetMs: fc.integer({ min: -10 * 86_400_000, max: 86_400_000 }) }),
  fc.record({ type: fc.constant('statement' as const), pick: fc.nat(), pageSize: fc.integer({ min: 1, max: 5 }) }),
  fc.constant<Spec>({ type: 'check' }),
];

// ---------------------------------------------------------------------------------------------
// Running a command on both ledgers.

function scaleOf(unit: string): number {
  return (testUnits.find((candidate) => candidate.code === unit) as (typeof testUnits)[number]).scale;
}

function limitText(spec: LimitSpec, unit: string): string | null {
  if (spec.kind === 'none') return null;
  if (spec.kind === 'zero') return '0';
  return fromUnits(spec.units * 10n ** BigInt(Math.max(0, scaleOf(unit) - 2)), scaleOf(unit));
}

/** A floor of hundredths in the unit (scaled as the limits are), as the input takes it: absent for none. */
function floorOf(units: bigint | null | undefined, unit: string): { floor?: string } {
  return units === null || units === undefined
    ? {}
    : { floor: fromUnits(units * 10n ** BigInt(Math.max(0, scaleOf(unit) - 2)), scaleOf(unit)) };
}

/** A floor no balance here reaches: a write checked against it is refused. */
const floorOutOfReach = '999999999';

/** The same postings with a floor on each that no balance meets. */
function withFloorsOutOfReach(input: TransactionInput): TransactionInput {
  return { ...input, postings: input.postings.map((posting) => ({ ...posting, floor: floorOutOfReach })) };
}

/** Runs one call on the store under test, then on the reference model, and demands the same outcome. */
async function both<T>(real: Real, what: string, call: (ledger: Ledger) => Promise<T>): Promise<Outcome<T>> {
  const primary = await outcome(() => call(real.primary));
  const reference = await outcome(() => call(real.reference));
  expect(primary, what).toEqual(reference);
  return reference;
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

function nextId(model: Model, prefix: string): string {
  model.counter += 1;
  return `${prefix}-${model.counter}`;
}

function postInput(model: Model, real: Real, spec: PostSpec): TransactionInput {
  const first = pick(model.accounts, spec.picks[0] ?? 0) ?? { id: 'none', unit: 'HOUR' };
  const others = spec.mixUnits ? model.accounts : model.accounts.filter((account) => account.unit === first.unit);
  const accounts = [first];
  for (const index of spec.picks.slice(1)) {
    const next = pick(
      others.filter((account) => !accounts.includes(account)),
      index,
    );
    if (next !== undefined) accounts.push(next);
  }
  // Every posting is in the first account's unit: another account's unit makes a unit_mismatch.
  const unit = first.unit;
  const scale = scaleOf(unit);
  const ids = accounts.map((account, index) => (spec.unknownAccount && index === accounts.length - 1 ? 'never-opened' : account.id));
  const amounts = ids.slice(0, -1).map((_, index) => {
    const units = (spec.amounts[index] ?? 1n) % largest(scale);
    return index % 2 === 0 ? -units : units;
  });
  const last = -amounts.reduce((sum, units) => sum + units, 0n);
  const postings = ids.map((account, index) => {
    const units = index < amounts.length ? (amounts[index] as bigint) : last;
    const text = units < 0n ? `-${writtenAmount(-units, scale, spec.trim)}` : writtenAmount(units, scale, spec.trim);
    return { account, unit, amount: index === 0 && spec.overScale !== null ? spec.overScale : text, ...floorOf(spec.floors[index], unit) };
  });
  return {
    community: real.community,
    id: nextId(model, 't'),
    kind: 'test_transfer',
    actor: 'tester',
    memo: spec.memo,
    metadata: { step: model.counter },
    ...(spec.backdateMs === null ? {} : { effectiveAt: real.clock.iso(-spec.backdateMs) }),
    postings,
  };
}

function largest(scale: number): bigint {
  return 10n ** BigInt(18 + scale) - 1n;
}

async function compareEverything(model: Model, real: Real, context: string): Promise<void> {
  const accounts = await both(real, `${context}: accounts`, (ledger) => ledger.listAccounts(real.community, { limit: pageSizeMax }));
  await both(real, `${context}: holds`, (ledger) => ledger.listHolds(real.community, { limit: pageSizeMax }));
  await both(real, `${context}: trial balance`, (ledger) => ledger.trialBalance(real.community));
  for (const offset of [-7 * 86_400_000, -86_400_000, 0]) {
    await both(real, `${context}: trial balance ${offset}`, (ledger) =>
      ledger.trialBalance(real.community, { at: real.clock.iso(offset) }),
    );
  }
  await both(real, `${context}: journal`, (ledger) => fullJournal(ledger, real.community));
  await both(real, `${context}: verify`, (ledger) => ledger.verify(real.community));
  if (accounts.ok) {
    for (const account of accounts.value.items) {
      await both(real, `${context}: statement of ${account.id}`, (ledger) =>
        ledger.statement(real.community, account.id, { limit: pageSizeMax }),
      );
    }
  }
  expect(model.accounts.length).toBe(accounts.ok ? accounts.value.items.length : -1);
  // Filters and small pages, cursor by cursor.
  const pages = async <T>(
    what: string,
    read: (ledger: Ledger, cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
  ): Promise<void> => {
    let cursor: string | null = null;
    for (let page = 0; page < 1_000; page += 1) {
      const result: Outcome<{ items: T[]; nextCursor: string | null }> = await both(real, `${context}: ${what} page ${page}`, (ledger) =>
        read(ledger, cursor),
      );
      if (!result.ok || result.value.nextCursor === null) return;
      cursor = result.value.nextCursor;
    }
    throw new Error(`assertion: more than 1,000 pages of ${what}`);
  };
  await pages('accounts of member-1', (ledger, cursor) => ledger.listAccounts(real.community, { ownerRef: 'member-1', cursor, limit: 1 }));
  await pages('hour accounts', (ledger, cursor) => ledger.listAccounts(real.community, { unit: 'HOUR', cursor, limit: 2 }));
  await pages('pending holds', (ledger, cursor) => ledger.listHolds(real.community, { status: 'pending', cursor, limit: 2 }));
  await pages('holds of HOUR/a', (ledger, cursor) => ledger.listHolds(real.community, { account: 'HOUR/a', cursor, limit: 1 }));
  await pages('journal', (ledger, cursor) => ledger.journalPage(real.community, { cursor, limit: 3 }));
}

async function run(spec: Spec, model: Model, real: Real): Promise<void> {
  const community = real.community;
  real.clock.advance(250);
  switch (spec.type) {
    case 'open': {
      const unit = (testUnits[spec.unit] as (typeof testUnits)[number]).code;
      const input: AccountInput = {
        community,
        id: `acct-${spec.slot}`,
        unit,
        name: `account ${spec.slot}`,
        lowerLimit: limitText(spec.lower, unit),
        upperLimit: limitText(spec.upper, unit),
        ...(spec.tagged ? { metadata: { tag: 'tagged' }, ownerRef: `member-${spec.slot % 2}` } : {}),
      };
      model.requests.push({ type: 'open', input });
      const result = await both(real, 'open', (ledger) => ledger.openAccount(input));
      if (result.ok && !model.accounts.some((account) => account.id === input.id)) model.accounts.push({ id: input.id, unit });
      return;
    }
    case 'post': {
      const input = postInput(model, real, spec);
      model.requests.push({ type: 'post', input });
      const result = await both(real, 'post', (ledger) => ledger.post(input));
      if (result.ok) model.transactions.push(input.id);
      return;
    }
    case 'linked': {
      const inputs = spec.posts.map((post) => postInput(model, real, post));
      model.requests.push({ type: 'linked', inputs });
      const result = await both(real, 'linked', (ledger) => ledger.postLinked(community, inputs));
      if (result.ok) model.transactions.push(...inputs.map((input) => input.id));
      return;
    }
    case 'resubmit': {
      const request = pick(model.requests, spec.pick);
      if (request === undefined) return;
      const memo = (text: string | undefined): string => (spec.mutation === 'memo' ? `${text ?? ''}+` : (text ?? ''));
      const metadata = spec.mutation === 'metadata' ? { changed: true } : undefined;
      switch (request.type) {
        case 'open': {
          const input =
            spec.mutation === 'none' || spec.mutation === 'floor'
              ? request.input
              : { ...request.input, name: `${request.input.name}+`, ...(metadata === undefined ? {} : { metadata }) };
          const result = await both(real, 'resubmit open', (ledger) => ledger.openAccount(input));
          if (result.ok && !model.accounts.some((account) => account.id === input.id))
            model.accounts.push({ id: input.id, unit: input.unit });
          return;
        }
        case 'post': {
          const input =
            spec.mutation === 'floor'
              ? withFloorsOutOfReach(request.input)
              : spec.mutation === 'none'
                ? request.input
                : { ...request.input, memo: memo(request.input.memo), ...(metadata === undefined ? {} : { metadata }) };
          const result = await both(real, 'resubmit post', (ledger) => ledger.post(input));
          if (result.ok && !model.transactions.includes(input.id)) model.transactions.push(input.id);
          return;
        }
        case 'linked': {
          const inputs = request.inputs.map((input, index) =>
            spec.mutation === 'floor'
              ? withFloorsOutOfReach(input)
              : spec.mutation === 'none' || index > 0
                ? input
                : { ...input, memo: memo(input.memo), ...(metadata === undefined ? {} : { metadata }) },
          );
          const result = await both(real, 'resubmit linked', (ledger) => ledger.postLinked(community, inputs));
          if (result.ok) for (const input of inputs) if (!model.transactions.includes(input.id)) model.transactions.push(input.id);
          return;
        }
        case 'hold': {
          const input =
            spec.mutation === 'floor'
              ? { ...request.input, floor: floorOutOfReach }
              : spec.mutation === 'none'
                ? request.input
                : { ...request.input, memo: memo(request.input.memo), ...(metadata === undefined ? {} : { metadata }) };
          const result = await both(real, 'resubmit hold', (ledger) => ledger.createHold(input));
          if (result.ok && !model.holds.includes(input.id)) model.holds.push(input.id);
          return;
        }
        case 'post_hold': {
          const input =
            spec.mutation === 'none' || spec.mutation === 'floor'
              ? request.input
              : { ...request.input, memo: memo(request.input.memo), ...(metadata === undefined ? {} : { metadata }) };
          const result = await both(real, 'resubmit hold post', (ledger) => ledger.postHold(input));
          if (result.ok && !model.transactions.includes(input.transactionId)) model.transactions.push(input.transactionId);
          return;
        }
        case 'reverse': {
          const input =
            spec.mutation === 'none' || spec.mutation === 'floor'
              ? request.input
              : { ...request.input, memo: memo(request.input.memo), ...(metadata === undefined ? {} : { metadata }) };
          const result = await both(real, 'resubmit reversal', (ledger) => ledger.reverse(input));
          if (result.ok && !model.transactions.includes(input.id)) model.transactions.push(input.id);
          return;
        }
      }
      return;
    }
    case 'hold': {
      const from = pick(model.accounts, spec.from);
      const to = pick(spec.mixUnits ? model.accounts : model.accounts.filter((account) => account.unit === from?.unit), spec.to);
      if (from === undefined || to === undefined) return;
      const scale = scaleOf(from.unit);
      const input: HoldInput = {
        community,
        id: nextId(model, 'h'),
        kind: 'test_hold',
        actor: 'tester',
        from: from.id,
        to: to.id,
        unit: from.unit,
        amount: fromUnits(spec.units * 10n ** BigInt(Math.max(0, scale - 2)), scale),
        ...(spec.expiresInMs === null ? {} : { expiresAt: real.clock.iso(spec.expiresInMs) }),
        ...floorOf(spec.floor, from.unit),
      };
      model.requests.push({ type: 'hold', input });
      const result = await both(real, 'hold', (ledger) => ledger.createHold(input));
      if (result.ok) model.holds.push(input.id);
      return;
    }
    case 'post_hold': {
      const holdId = pick(model.holds, spec.pick);
      if (holdId === undefined) return;
      const hold = await real.reference.getHold(community, holdId);
      if (hold === undefined) throw new Error(`assertion: hold ${holdId} is missing from the model`);
      const scale = scaleOf(hold.unit);
      // 0: no amount (all of it); 1–9: tenths; 10: all of it, written out; 11: one step more than held.
      const amount =
        spec.tenths === 0
          ? undefined
          : spec.tenths === 11
            ? fromUnits(toUnits(hold.amount, scale) + 1n, scale)
            : partOf(hold.amount, scale, spec.tenths);
      const input: HoldPostInput = {
        community,
        holdId,
        transactionId: nextId(model, 'hp'),
        actor: 'tester',
        ...(amount === undefined ? {} : { amount }),
      };
      model.requests.push({ type: 'post_hold', input });
      const result = await both(real, 'post hold', (ledger) => ledger.postHold(input));
      if (result.ok) model.transactions.push(input.transactionId);
      return;
    }
    case 'void_hold': {
      const holdId = pick(model.holds, spec.pick);
      if (holdId === undefined) return;
      await both(real, 'void hold', (ledger) => ledger.voidHold({ community, holdId, actor: 'tester' }));
      return;
    }
    case 'advance':
      real.clock.advance(spec.ms);
      return;
    case 'advance_to_expiry': {
      const holds = (await real.reference.listHolds(community, { status: 'pending', limit: pageSizeMax })).items.filter(
        (hold) => hold.expiresAt !== null,
      );
      const hold = pick(holds, spec.pick);
      if (hold === undefined) return;
      const gap = Date.parse(hold.expiresAt as string) - real.clock.now().getTime();
      if (gap > 0) real.clock.advance(gap);
      return;
    }
    case 'burst': {
      const inputs = spec.posts.map((post) => postInput(model, real, post));
      const holdId = spec.holdPick === null ? undefined : pick(model.holds, spec.holdPick);
      for (const input of inputs) model.requests.push({ type: 'post', input });
      const send = async (ledger: Ledger): Promise<Outcome<unknown>[]> => {
        const calls: Promise<Outcome<unknown>>[] = inputs.map((input) => outcome(() => ledger.post(input)));
        if (holdId !== undefined)
          calls.splice(
            1,
            0,
            outcome(() => ledger.voidHold({ community, holdId, actor: 'tester' })),
          );
        calls.push(outcome(() => ledger.expireHolds(community)));
        return Promise.all(calls);
      };
      const primary = await send(real.primary);
      const reference = await send(real.reference);
      expect(primary, 'burst').toEqual(reference);
      for (const input of inputs)
        if ((await real.reference.getTransaction(community, input.id)) !== undefined) model.transactions.push(input.id);
      return;
    }
    case 'expire':
      await both(real, 'expire holds', (ledger) => ledger.expireHolds(community));
      return;
    case 'reverse': {
      const original = pick(model.transactions, spec.pick);
      if (original === undefined) return;
      const transaction = await real.reference.getTransaction(community, original);
      if (transaction === undefined) throw new Error(`assertion: transaction ${original} is missing from the model`);
      // 0: in full; 1–10: a part of each posting (a balanced part only for two postings); 11: one step more than posted.
      let postings: ReversalInput['postings'];
      if (spec.tenths > 0 && transaction.postings.length === 2) {
        postings = transaction.postings.map((posting) => {
          const scale = scaleOf(posting.unit);
          const whole = toUnits(posting.amount, scale);
          const size = spec.tenths === 11 ? (whole < 0n ? -whole : whole) + 1n : toUnits(partOf(posting.amount, scale, spec.tenths), scale);
          return { account: posting.account, unit: posting.unit, amount: fromUnits(whole < 0n ? size : -size, scale) };
        });
      }
      const input: ReversalInput = {
        community,
        id: nextId(model, 'r'),
        reverses: original,
        actor: 'tester',
        ...(postings === undefined ? {} : { postings }),
      };
      model.requests.push({ type: 'reverse', input });
      const result = await both(real, 'reverse', (ledger) => ledger.reverse(input));
      if (result.ok) model.transactions.push(input.id);
      return;
    }
    case 'update': {
      const account = pick(model.accounts, spec.pick);
      if (account === undefined) return;
      const change =
        spec.change === 'limits'
          ? { lowerLimit: limitText(spec.lower, account.unit), upperLimit: limitText(spec.upper, account.unit) }
          : { status: ({ freeze: 'frozen', unfreeze: 'open', close: 'closed' } as const)[spec.change] };
      await both(real, `update ${spec.change}`, (ledger) => ledger.updateAccount(community, account.id, change));
      return;
    }
    case 'balance_at': {
      const account = pick(model.accounts, spec.pick);
      if (account === undefined) return;
      await both(real, 'balance now', (ledger) => ledger.balance(community, account.id));
      await both(real, 'balance at', (ledger) => ledger.balance(community, account.id, { at: real.clock.iso(spec.offsetMs) }));
      return;
    }
    case 'statement': {
      const account = pick(model.accounts, spec.pick);
      if (account === undefined) return;
      let cursor: string | null = null;
      for (let page = 0; page < 1_000; page += 1) {
        const result: Outcome<Awaited<ReturnType<Ledger['statement']>>> = await both(real, `statement page ${page}`, (ledger) =>
          ledger.statement(community, account.id, { cursor, limit: spec.pageSize }),
        );
        if (!result.ok || result.value.nextCursor === null) return;
        cursor = result.value.nextCursor;
      }
      throw new Error('assertion: a statement of more than 1,000 pages');
    }
    case 'check':
      await compareEverything(model, real, 'check');
      return;
  }
}

class Step implements fc.AsyncCommand<Model, Real> {
  constructor(readonly spec: Spec) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    await run(this.spec, model, real);
  }

  toString(): string {
    return JSON.stringify(this.spec, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
  }
}

const commandsArbitrary = fc.commands(
  specArbitraries.map((arbitrary) => arbitrary.map((spec) => new Step(spec))),
  { maxCommands: 60, size: 'max' },
);

/** The accounts every run starts with: per unit, a source without limits and two members. */
async function openStartingAccounts(model: Model, real: Real): Promise<void> {
  for (const unit of testUnits) {
    for (const [suffix, lowerLimit] of [
      ['source', null],
      ['a', '0'],
      ['b', limitText({ kind: 'units', units: -500n }, unit.code)],
    ] as const) {
      const input: AccountInput = { community: real.community, id: `${unit.code}/${suffix}`, unit: unit.code, name: suffix, lowerLimit };
      const result = await both(real, 'open starting account', (ledger) => ledger.openAccount(input));
      if (!result.ok) throw new Error(`assertion: starting account ${input.id} was refused: ${result.code}`);
      model.accounts.push({ id: input.id, unit: unit.code });
    }
  }
}

const fixtures: StoreFixture[] = [pgliteFixture, ...(serverUrl() === undefined ? [] : [postgresFixture(serverUrl() as string)])];

describe.each(fixtures)('the $name store behaves as the in-memory model under random commands', (fixture) => {
  let opened: OpenedStore;

  beforeAll(async () => {
    opened = await fixture.open();
  });
  afterAll(async () => opened.close());

  it('gives the same results, rejections, balances, holds, statements and trial balances', async () => {
    await fc.assert(
      fc.asyncProperty(commandsArbitrary, async (commands) => {
        const clock = new TestClock();
        const real: Real = {
          community: freshCommunity('model'),
          primary: opened.ledger(clock.now),
          reference: new Ledger({ store: new MemoryStore(), clock: clock.now }),
          clock,
        };
        const model: Model = { accounts: [], transactions: [], holds: [], requests: [], counter: 0 };
        await both(real, 'community', (ledger) => ledger.createCommunity({ id: real.community, name: 'model test' }));
        for (const unit of extraUnits) await both(real, 'unit', (ledger) => ledger.defineUnit(real.community, unit));
        await openStartingAccounts(model, real);
        await fc.asyncModelRun(() => ({ model, real }), commands);
        await compareEverything(model, real, 'after the last command');
      }),
      { numRuns: fixture.name === 'pglite' ? 30 : 40 },
    );
  });
});
