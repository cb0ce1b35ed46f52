// One property test per ledger invariant of DESIGN.md, on the in-memory model, on PGlite, and on
// PostgreSQL when DATABASE_URL is set. Each run books into a fresh community of one database.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from './account.js';
import type { Ledger } from './ledger.js';
import { pageSizeMax } from './limits.js';
import type { MemoryStore } from './store-memory.js';
import {
  TestClock,
  expectTrialBalanceZero,
  freshCommunity,
  fromUnits,
  fullJournal,
  fullStatement,
  invalidAmountText,
  largestAmount,
  largestUnits,
  outcome,
  overScaleAmount,
  positiveAmount,
  positiveUnits,
  rejectionOf,
  scaleOfUnit,
  smallestAmount,
  testUnits,
  toUnits,
  tooLargeAmount,
  zeroAmountText,
  type Outcome,
} from './test-arbitraries.js';
import { storeFixtures, type OpenedStore } from './test-support.js';
import {
  openWorkloadBooks,
  replayJournal,
  runWorkload,
  transactionInput,
  workloadArbitrary,
  postSpecArbitrary,
  type PostSpec,
  type StepRecord,
} from './test-workload.js';
import type { Transaction, TransactionInput } from './transaction.js';

/** Everything a write could change, read through the ledger: for "nothing changed" checks. */
async function snapshot(ledger: Ledger, community: string): Promise<{ head: unknown; accounts: Account[]; holds: unknown[] }> {
  return {
    head: await ledger.store.chainHead(community),
    accounts: (await ledger.listAccounts(community, { limit: pageSizeMax })).items,
    holds: (await ledger.listHolds(community, { limit: pageSizeMax })).items,
  };
}

async function accountsOf(ledger: Ledger, community: string): Promise<Account[]> {
  return (await ledger.listAccounts(community, { limit: pageSizeMax })).items;
}

function sumByUnit(transaction: Transaction): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const posting of transaction.postings)
    totals.set(posting.unit, (totals.get(posting.unit) ?? 0n) + toUnits(posting.amount, scaleOfUnit(posting.unit)));
  return totals;
}

const tinyWorkload = workloadArbitrary({ minLength: 1, maxLength: 25 });

describe.each(storeFixtures())('ledger invariants on the $name store', (fixture) => {
  let opened: OpenedStore;
  const clock = new TestClock();
  let ledger: Ledger;
  /** Property runs: many on the in-memory model, fewer on a database. */
  const runs = (memory: number, database: number): { numRuns: number } => ({ numRuns: fixture.name === 'memory' ? memory : database });
  /** Raw SQL on a database store; undefined on the in-memory model. */
  const sql = (): NonNullable<OpenedStore['sql']> => {
    if (opened.sql === undefined) throw new Error('assertion: raw SQL needs a database store');
    return opened.sql;
  };

  beforeAll(async () => {
    opened = await fixture.open();
    ledger = opened.ledger(clock.now);
  });
  afterAll(async () => opened.close());

  it('1. every transaction balances per unit; an unbalanced one is refused and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        tinyWorkload,
        fc.nat({ max: testUnits.length - 1 }),
        fc.integer({ min: 1, max: 1000 }),
        async (workload, unitIndex, skew) => {
          const community = freshCommunity('balanced');
          await runWorkload(ledger, community, clock, workload);
          for (const transaction of await fullJournal(ledger, community)) {
            expect(transaction.postings.length).toBeGreaterThanOrEqual(2);
            for (const [unit, total] of sumByUnit(transaction)) expect(total, `${transaction.id} in ${unit}`).toBe(0n);
          }
          // Off by as little as the smallest unit: refused before the books are read.
          const unit = testUnits[unitIndex] as (typeof testUnits)[number];
          const before = await snapshot(ledger, community);
          const code = await rejectionOf(() =>
            ledger.post({
              community,
              id: 'unbalanced',
              kind: 'test_transfer',
              actor: 'tester',
              postings: [
                { account: `${unit.code}/source`, unit: unit.code, amount: `-${fromUnits(1000n, unit.scale)}` },
                {
                  account: `${unit.code}/m0`,
                  unit: unit.code,
                  amount: fromUnits(1000n + BigInt(skew) * (skew % 2 === 0 ? 1n : -1n), unit.scale),
                },
              ],
            }),
          );
          expect(['unbalanced', 'amount_must_not_be_zero']).toContain(code);
          expect(await snapshot(ledger, community)).toEqual(before);
        },
      ),
      runs(60, 10),
    );
  });

  it.skipIf(fixture.name === 'memory')(
    '1. the database itself refuses to commit a transaction whose postings do not balance (database stores only)',
    async () => {
      const community = freshCommunity('balanced-db');
      await openWorkloadBooks(ledger, community, [
        { id: 'a', unit: 'HOUR', lowerLimit: null, upperLimit: null },
        { id: 'b', unit: 'HOUR', lowerLimit: null, upperLimit: null },
      ]);
      await expect(
        sql()(
          `do $$ begin
           insert into ledger_transactions (community_id, seq, id, kind, actor, memo, metadata, effective_at, recorded_at, body_hash, content_hash, hash)
             values ('${community}', 1, 'forged', 'test', 'x', '', '{}', now(), now(), 'x', 'x', 'x');
           insert into ledger_postings (community_id, seq, idx, account_id, unit, amount, balance_after, effective_at)
             values ('${community}', 1, 1, 'a', 'HOUR', -1, -1, now()), ('${community}', 1, 2, 'b', 'HOUR', 0.99, 0.99, now());
         end $$`,
        ),
      ).rejects.toThrow(/does not balance/);
      expect(await ledger.getTransaction(community, 'forged')).toBeUndefined();
    },
  );

  it('2. the trial balance of every community is zero per unit, now and at every point in time', async () => {
    await fc.assert(
      fc.asyncProperty(
        tinyWorkload,
        fc.array(fc.integer({ min: -20 * 86_400_000, max: 2 * 86_400_000 }), { maxLength: 5 }),
        async (workload, offsets) => {
          const community = freshCommunity('trial');
          await runWorkload(ledger, community, clock, workload, async () => {
            expectTrialBalanceZero(await ledger.trialBalance(community), 'now');
          });
          const times = new Set<string>(offsets.map((offset) => clock.iso(offset)));
          times.add('1970-01-01T00:00:00.000Z');
          times.add('9999-12-31T23:59:59.999Z');
          for (const transaction of await fullJournal(ledger, community)) {
            times.add(transaction.effectiveAt);
            times.add(new Date(Date.parse(transaction.effectiveAt) - 1).toISOString());
          }
          for (const at of times) expectTrialBalanceZero(await ledger.trialBalance(community, { at }), `at ${at}`);
        },
      ),
      runs(60, 8),
    );
  });

  it('3. a stored balance equals the sum of its postings, and available = balance − active holds', async () => {
    await fc.assert(
      fc.asyncProperty(tinyWorkload, fc.integer({ min: 1, max: 4 }), async (workload, pageSize) => {
        const community = freshCommunity('sums');
        await runWorkload(ledger, community, clock, workload);
        const pending = (await ledger.listHolds(community, { status: 'pending', limit: pageSizeMax })).items;
        for (const account of await accountsOf(ledger, community)) {
          const scale = scaleOfUnit(account.unit);
          let running = 0n;
          for (const line of await fullStatement(ledger, community, account.id, pageSize)) {
            running += toUnits(line.amount, scale);
            expect(line.balanceAfter, `${account.id} after ${line.transactionId}`).toBe(fromUnits(running, scale));
          }
          expect(account.balance, account.id).toBe(fromUnits(running, scale));
          expect((await ledger.balance(community, account.id, { at: '9999-12-31T23:59:59.999Z' }))?.balance).toBe(account.balance);
          const held = pending.filter((hold) => hold.from === account.id).reduce((total, hold) => total + toUnits(hold.amount, scale), 0n);
          const incoming = pending
            .filter((hold) => hold.to === account.id)
            .reduce((total, hold) => total + toUnits(hold.amount, scale), 0n);
          expect(account.held, `${account.id} held`).toBe(fromUnits(held, scale));
          expect(account.incoming, `${account.id} incoming`).toBe(fromUnits(incoming, scale));
          expect(account.available, `${account.id} available`).toBe(fromUnits(running - held, scale));
        }
      }),
      runs(60, 8),
    );
  });

  it("4. no committed state breaks an account's limits (holds count against them)", async () => {
    await fc.assert(
      fc.asyncProperty(tinyWorkload, async (workload) => {
        const community = freshCommunity('limits');
        const withinLimits = async (context: string): Promise<void> => {
          for (const account of await accountsOf(ledger, community)) {
            const scale = scaleOfUnit(account.unit);
            if (account.lowerLimit !== null)
              expect(
                toUnits(account.available, scale) >= toUnits(account.lowerLimit, scale),
                `${context}: ${account.id} available ${account.available} < ${account.lowerLimit}`,
              ).toBe(true);
            if (account.upperLimit !== null) {
              expect(
                toUnits(account.balance, scale) + toUnits(account.incoming, scale) <= toUnits(account.upperLimit, scale),
                `${context}: ${account.id} ${account.balance} + ${account.incoming} > ${account.upperLimit}`,
              ).toBe(true);
            }
          }
        };
        await runWorkload(ledger, community, clock, workload, async (record: StepRecord, index) => {
          await withinLimits(`after step ${index} (${record.step.type})`);
        });
        // Every state the journal passed through, not only the last one.
        for (const account of await accountsOf(ledger, community)) {
          const scale = scaleOfUnit(account.unit);
          for (const line of await fullStatement(ledger, community, account.id)) {
            if (account.lowerLimit !== null)
              expect(toUnits(line.balanceAfter, scale) >= toUnits(account.lowerLimit, scale), `${account.id} at ${line.seq}`).toBe(true);
            if (account.upperLimit !== null)
              expect(toUnits(line.balanceAfter, scale) <= toUnits(account.upperLimit, scale), `${account.id} at ${line.seq}`).toBe(true);
          }
        }
      }),
      runs(60, 8),
    );
  });

  it('4. a limit is reachable exactly, and one smallest unit beyond it is refused (and a hold counts)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: testUnits.length - 1 }).chain((unitIndex) => {
          const scale = (testUnits[unitIndex] as (typeof testUnits)[number]).scale;
          return fc.tuple(
            fc.constant(unitIndex),
            fc.bigInt({ min: 0n, max: largestUnits(scale) / 4n }),
            fc.bigInt({ min: 1n, max: largestUnits(scale) / 4n }),
            positiveUnits(scale),
          );
        }),
        async ([unitIndex, overdraft, ceiling, holdUnits]) => {
          const unit = testUnits[unitIndex] as (typeof testUnits)[number];
          const community = freshCommunity('edges');
          const [lower, upper] = [fromUnits(-overdraft, unit.scale), fromUnits(ceiling, unit.scale)];
          await openWorkloadBooks(ledger, community, [
            { id: 'source', unit: unit.code, lowerLimit: null, upperLimit: null },
            { id: 'member', unit: unit.code, lowerLimit: lower, upperLimit: upper },
          ]);
          const transfer = (id: string, units: bigint): Promise<unknown> =>
            ledger.post({
              community,
              id,
              kind: 'test_transfer',
              actor: 'tester',
              postings: [
                { account: 'source', unit: unit.code, amount: fromUnits(-units, unit.scale) },
                { account: 'member', unit: unit.code, amount: fromUnits(units, unit.scale) },
              ],
            });
          // Up to the ceiling exactly, then one step more.
          await transfer('fill', ceiling);
          expect(await rejectionOf(() => transfer('over', 1n))).toBe('exceeds_upper_limit');
          // Down to the floor exactly (an overdraft when the lower limit is negative), then one step more.
          await transfer('drain', -(ceiling + overdraft));
          expect((await ledger.balance(community, 'member'))?.balance).toBe(lower);
          expect(await rejectionOf(() => transfer('under', -1n))).toBe('exceeds_lower_limit');
          // A hold reserves: with the amount held, the same posting no longer fits.
          const amount = holdUnits <= ceiling ? holdUnits : ceiling;
          await transfer('refill', amount);
          await ledger.createHold({
            community,
            id: 'hold',
            kind: 'test_hold',
            actor: 'tester',
            from: 'member',
            to: 'source',
            unit: unit.code,
            amount: fromUnits(amount, unit.scale),
          });
          expect(await rejectionOf(() => transfer('spend-held', -1n))).toBe('exceeds_lower_limit');
          expect(
            await rejectionOf(() =>
              ledger.createHold({
                community,
                id: 'hold-2',
                kind: 'test_hold',
                actor: 'tester',
                from: 'member',
                to: 'source',
                unit: unit.code,
                amount: smallestAmount(unit.scale),
              }),
            ),
          ).toBe('exceeds_lower_limit');
          const member = await ledger.getAccount(community, 'member');
          expect(member?.available).toBe(lower);
        },
      ),
      runs(60, 8),
    );
  });

  it('4. a floored posting or hold never leaves an available balance below its floor, is refused (exceeds_floor) exactly when it would, and a retry gets its first result whatever its floor', async () => {
    type FloorStep =
      | { type: 'debit' | 'hold' | 'credit'; units: bigint; floor: bigint | null }
      | { type: 'burst'; debits: { units: bigint; floor: bigint | null }[] }
      | { type: 'void' | 'post_hold' | 'retry'; pick: number };
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: testUnits.length - 1 }).chain((unitIndex) => {
          const whole = 10n ** BigInt((testUnits[unitIndex] as (typeof testUnits)[number]).scale);
          const units = fc.oneof(fc.constant(1n), fc.bigInt({ min: 1n, max: 8n * whole }));
          // Floors near the balances the steps reach, the edges (zero, one smallest unit) often.
          const floor = fc.option(fc.oneof(fc.constantFrom(0n, 1n, -1n), fc.bigInt({ min: -5n * whole, max: 15n * whole })), {
            nil: null,
            freq: 4,
          });
          const step: fc.Arbitrary<FloorStep> = fc.oneof(
            {
              weight: 5,
              arbitrary: fc.record({ type: fc.constantFrom('debit' as const, 'hold' as const, 'credit' as const), units, floor }),
            },
            {
              weight: 2,
              arbitrary: fc.record({
                type: fc.constant('burst' as const),
                debits: fc.array(fc.record({ units, floor }), { minLength: 2, maxLength: 5 }),
              }),
            },
            {
              weight: 2,
              arbitrary: fc.record({ type: fc.constantFrom('void' as const, 'post_hold' as const, 'retry' as const), pick: fc.nat() }),
            },
          );
          const overdraft = fc.option(fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n * whole })), { nil: null });
          return fc.tuple(
            fc.constant(unitIndex),
            overdraft,
            fc.bigInt({ min: 0n, max: 20n * whole }),
            fc.array(step, { minLength: 1, maxLength: 25 }),
          );
        }),
        async ([unitIndex, overdraft, opening, steps]) => {
          const unit = testUnits[unitIndex] as (typeof testUnits)[number];
          const community = freshCommunity('floors');
          const lower = overdraft === null ? null : -overdraft;
          await openWorkloadBooks(ledger, community, [
            { id: 'source', unit: unit.code, lowerLimit: null, upperLimit: null },
            { id: 'member', unit: unit.code, lowerLimit: lower === null ? null : fromUnits(lower, unit.scale), upperLimit: null },
          ]);
          let serial = 0;
          const input = (
            from: string,
            to: string,
            units: bigint,
            floor: bigint | null,
            floorOn: 'from' | 'to' = 'from',
          ): TransactionInput => {
            const floorText = floor === null ? {} : { floor: fromUnits(floor, unit.scale) };
            return {
              community,
              id: `floor-${(serial += 1)}`,
              kind: 'test_transfer',
              actor: 'tester',
              postings: [
                { account: from, unit: unit.code, amount: fromUnits(-units, unit.scale), ...(floorOn === 'from' ? floorText : {}) },
                { account: to, unit: unit.code, amount: fromUnits(units, unit.scale), ...(floorOn === 'to' ? floorText : {}) },
              ],
            };
          };
          if (opening > 0n) await ledger.post(input('source', 'member', opening, null));
          // The member's books as the steps should leave them, in smallest units.
          let balance = opening;
          let held = 0n;
          const pending: { id: string; units: bigint }[] = [];
          const posted: { input: TransactionInput; transaction: Transaction }[] = [];
          /** What a debit of `units` from an available balance must get: the first rule it breaks, or nothing. */
          const expected = (
            available: bigint,
            units: bigint,
            floor: bigint | null,
          ): 'exceeds_lower_limit' | 'exceeds_floor' | 'accepted' => {
            if (lower !== null && available - units < lower) return 'exceeds_lower_limit';
            if (floor !== null && available - units < floor) return 'exceeds_floor';
            return 'accepted';
          };
          for (const [index, step] of steps.entries()) {
            const context = `step ${index} ${JSON.stringify(step, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}`;
            switch (step.type) {
              case 'debit': {
                const sent = input('member', 'source', step.units, step.floor);
                const result = await outcome(() => ledger.post(sent));
                const want = expected(balance - held, step.units, step.floor);
                expect(result.ok ? 'accepted' : result.code, context).toBe(want);
                if (result.ok) {
                  balance -= step.units;
                  posted.push({ input: sent, transaction: result.value });
                  if (step.floor !== null) expect(balance - held >= step.floor, context).toBe(true);
                }
                break;
              }
              case 'hold': {
                const id = `floor-hold-${(serial += 1)}`;
                const result = await outcome(() =>
                  ledger.createHold({
                    community,
                    id,
                    kind: 'test_hold',
                    actor: 'tester',
                    from: 'member',
                    to: 'source',
                    unit: unit.code,
                    amount: fromUnits(step.units, unit.scale),
                    ...(step.floor === null ? {} : { floor: fromUnits(step.floor, unit.scale) }),
                  }),
                );
                expect(result.ok ? 'accepted' : result.code, context).toBe(expected(balance - held, step.units, step.floor));
                if (result.ok) {
                  held += step.units;
                  pending.push({ id, units: step.units });
                  if (step.floor !== null) expect(balance - held >= step.floor, context).toBe(true);
                  // The same hold again, with a floor it no longer meets: the first result, nothing changed.
                  const again = await ledger.createHold({
                    community,
                    id,
                    kind: 'test_hold',
                    actor: 'tester',
                    from: 'member',
                    to: 'source',
                    unit: unit.code,
                    amount: fromUnits(step.units, unit.scale),
                    floor: fromUnits(balance - held + 1n, unit.scale),
                  });
                  expect(again, context).toEqual(result.value);
                }
                break;
              }
              case 'credit': {
                // A floor on a posting that raises the balance bounds nothing.
                const sent = input('source', 'member', step.units, step.floor, 'to');
                const result = await outcome(() => ledger.post(sent));
                expect(result.ok, context).toBe(true);
                balance += step.units;
                break;
              }
              case 'burst': {
                // Sent at once: the writer takes them to the store in one call, in this order.
                const sent = step.debits.map((debit) => input('member', 'source', debit.units, debit.floor));
                const results = await Promise.all(sent.map((one) => outcome(() => ledger.post(one))));
                for (const [part, debit] of step.debits.entries()) {
                  const result = results[part] as Outcome<Transaction>;
                  expect(result.ok ? 'accepted' : result.code, `${context} part ${part}`).toBe(
                    expected(balance - held, debit.units, debit.floor),
                  );
                  if (result.ok) {
                    balance -= debit.units;
                    posted.push({ input: sent[part] as TransactionInput, transaction: result.value });
                    expect(toUnits((result.value.postings[0] as Transaction['postings'][number]).balanceAfter, unit.scale), context).toBe(
                      balance,
                    );
                  }
                }
                break;
              }
              case 'void':
              case 'post_hold': {
                const hold = pending[step.pick % Math.max(1, pending.length)];
                if (hold === undefined) break;
                pending.splice(pending.indexOf(hold), 1);
                held -= hold.units;
                if (step.type === 'void') await ledger.voidHold({ community, holdId: hold.id, actor: 'tester' });
                else {
                  await ledger.postHold({ community, holdId: hold.id, transactionId: `${hold.id}-posted`, actor: 'tester' });
                  balance -= hold.units;
                }
                break;
              }
              case 'retry': {
                const first = posted[step.pick % Math.max(1, posted.length)];
                if (first === undefined) break;
                // A floor the books no longer meet: a retry is answered as first, never checked again.
                const postings = first.input.postings.map((posting, part) =>
                  part === 0 ? { ...posting, floor: fromUnits(balance - held + 1n, unit.scale) } : posting,
                );
                expect(await ledger.post({ ...first.input, postings }), context).toEqual(first.transaction);
                break;
              }
            }
            const member = await ledger.getAccount(community, 'member');
            expect([member?.balance, member?.held], context).toEqual([fromUnits(balance, unit.scale), fromUnits(held, unit.scale)]);
          }
          // What is recorded carries no floor: the journal is the postings alone.
          for (const transaction of await fullJournal(ledger, community))
            for (const posting of transaction.postings)
              expect(Object.keys(posting).sort()).toEqual(['account', 'amount', 'balanceAfter', 'unit']);
          expect(await ledger.verify(community)).toMatchObject({ ok: true });
        },
      ),
      runs(60, 10),
    );
  });

  it.skipIf(fixture.name === 'memory')(
    "4. the database itself refuses a balance outside an account's limits (database stores only)",
    async () => {
      const community = freshCommunity('limits-db');
      await openWorkloadBooks(ledger, community, [{ id: 'member', unit: 'HOUR', lowerLimit: '-1.00', upperLimit: '2.00' }]);
      await expect(
        sql()(`update ledger_accounts set balance = -1.01 where community_id = ? and id = 'member'`, [community]),
      ).rejects.toThrow(/within_lower_limit/);
      await expect(
        sql()(`update ledger_accounts set incoming = 2.01 where community_id = ? and id = 'member'`, [community]),
      ).rejects.toThrow(/within_upper_limit/);
      expect((await ledger.getAccount(community, 'member'))?.balance).toBe('0.00');
    },
  );

  it('5. the same id with the same body returns the first result and changes nothing; with a different body it is refused', async () => {
    const mutations = ['memo', 'actor', 'kind', 'metadata', 'amount', 'effectiveAt', 'account', 'order'] as const;
    await fc.assert(
      fc.asyncProperty(
        tinyWorkload,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...mutations)), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (workload, picks, freeze) => {
          const community = freshCommunity('idempotent');
          const run = await runWorkload(ledger, community, clock, workload);
          const firsts = run.records.filter(
            (record) => record.outcome.ok && (record.step.type === 'post' || record.step.type === 'linked' || record.step.type === 'hold'),
          );
          if (firsts.length === 0) return;
          clock.advance(60_000);
          // Resubmission is safe even after the accounts changed state.
          if (freeze) await ledger.updateAccount(community, 'HOUR/m0', { status: 'frozen' });
          for (const [pick, mutation] of picks) {
            const record = firsts[pick % firsts.length] as StepRecord;
            const before = await snapshot(ledger, community);
            if (record.step.type === 'hold') {
              const hold = record.request as Parameters<Ledger['createHold']>[0];
              const again = await ledger.createHold(hold);
              expect(again).toEqual(await ledger.getHold(community, hold.id));
              expect({ ...again, status: 'pending', resolvedAt: null, postedAmount: null, transactionId: null }).toEqual(
                record.outcome.ok ? record.outcome.value : undefined,
              );
              expect(await rejectionOf(() => ledger.createHold({ ...hold, memo: `${hold.memo ?? ''} changed` }))).toBe(
                'id_reused_with_different_body',
              );
            } else if (record.step.type === 'linked') {
              const inputs = record.request as TransactionInput[];
              expect(await ledger.postLinked(community, inputs)).toEqual(record.outcome.ok ? record.outcome.value : undefined);
              const changed = inputs.map((input, index) =>
                index === inputs.length - 1 ? { ...input, memo: `${input.memo ?? ''} changed` } : input,
              );
              const rejected = await outcome(() => ledger.postLinked(community, changed));
              expect(rejected.ok ? 'ok' : [rejected.code, rejected.index]).toEqual(['id_reused_with_different_body', inputs.length - 1]);
            } else {
              const input = record.request as TransactionInput;
              expect(await ledger.post(input)).toEqual(record.outcome.ok ? record.outcome.value : undefined);
              expect(await rejectionOf(() => ledger.post(mutate(input, mutation)))).toBe('id_reused_with_different_body');
            }
            expect(await snapshot(ledger, community)).toEqual(before);
          }
        },
      ),
      runs(60, 8),
    );
  });

  it('6. postings are never changed or deleted: each journal read is a prefix of every later one', async () => {
    await fc.assert(
      fc.asyncProperty(tinyWorkload, async (workload) => {
        const community = freshCommunity('append-only');
        const seen: Transaction[][] = [];
        await runWorkload(ledger, community, clock, workload, async (_record, index) => {
          if (fixture.name === 'memory' || index % 4 === 0) seen.push(await fullJournal(ledger, community));
        });
        const final = await fullJournal(ledger, community);
        for (const earlier of seen) expect(final.slice(0, earlier.length)).toEqual(earlier);
      }),
      runs(60, 6),
    );
  });

  it.skipIf(fixture.name === 'memory')(
    '6. the database refuses UPDATE, DELETE and TRUNCATE of ledger_postings and ledger_transactions (database stores only)',
    async () => {
      const statements = [
        `update ledger_postings set amount = amount + 1 where community_id = :community and seq = :seq`,
        `update ledger_postings set balance_after = 0 where community_id = :community and seq = :seq`,
        `update ledger_postings set effective_at = effective_at - interval '1 day' where community_id = :community and seq = :seq`,
        `update ledger_transactions set memo = 'rewritten' where community_id = :community and seq = :seq`,
        `update ledger_transactions set metadata = '{"x": 1}' where community_id = :community and seq = :seq`,
        `update ledger_transactions set effective_at = effective_at + interval '1 second' where community_id = :community and seq = :seq`,
        `delete from ledger_postings where community_id = :community and seq = :seq`,
        `delete from ledger_transactions where community_id = :community and seq = :seq`,
        `truncate ledger_postings`,
        `truncate ledger_transactions cascade`,
        `truncate ledger_postings, ledger_transactions`,
      ];
      await fc.assert(
        fc.asyncProperty(tinyWorkload, fc.constantFrom(...statements), fc.nat(), async (workload, statement, pick) => {
          const community = freshCommunity('immutable');
          await runWorkload(ledger, community, clock, workload);
          const journal = await fullJournal(ledger, community);
          if (journal.length === 0) return;
          const seq = (journal[pick % journal.length] as Transaction).seq;
          await expect(
            sql()(statement.replaceAll(':community', '?').replaceAll(':seq', '?'), statement.includes(':seq') ? [community, seq] : []),
          ).rejects.toThrow(/never changed or deleted/);
          expect(await fullJournal(ledger, community)).toEqual(journal);
          expect((await ledger.verify(community)).ok).toBe(true);
        }),
        runs(1, 10),
      );
    },
  );

  it('7. amounts are exact: malformed, zero, over-scale and too-large amounts are refused, never rounded', async () => {
    const badAmount = fc.nat({ max: testUnits.length - 1 }).chain((unitIndex) => {
      const scale = (testUnits[unitIndex] as (typeof testUnits)[number]).scale;
      return fc.tuple(
        fc.constant(unitIndex),
        fc.oneof(
          overScaleAmount(scale).map((text) => ({ text: text as unknown, code: 'amount_scale_exceeded' })),
          invalidAmountText.map((text) => ({ text, code: 'amount_invalid' })),
          zeroAmountText.map((text) => ({ text: text as unknown, code: 'amount_must_not_be_zero' })),
          tooLargeAmount(scale).map((text) => ({ text: text as unknown, code: 'amount_exceeds_maximum' })),
        ),
      );
    });
    const community = freshCommunity('exact');
    await openWorkloadBooks(
      ledger,
      community,
      testUnits.flatMap((unit) => [
        { id: `${unit.code}/source`, unit: unit.code, lowerLimit: null, upperLimit: null },
        { id: `${unit.code}/m0`, unit: unit.code, lowerLimit: null, upperLimit: null },
      ]),
    );
    for (const unit of testUnits) {
      const funding = await ledger.post({
        community,
        id: `fund-${unit.code}`,
        kind: 'test_transfer',
        actor: 'tester',
        postings: [
          { account: `${unit.code}/source`, unit: unit.code, amount: `-${largestAmount(unit.scale)}` },
          { account: `${unit.code}/m0`, unit: unit.code, amount: largestAmount(unit.scale) },
        ],
      });
      // The largest amount comes back digit for digit.
      expect(funding.postings.map((posting) => posting.amount)).toEqual([`-${largestAmount(unit.scale)}`, largestAmount(unit.scale)]);
    }
    await ledger.createHold({
      community,
      id: 'held',
      kind: 'test_hold',
      actor: 'tester',
      from: 'HOUR/m0',
      to: 'HOUR/source',
      unit: 'HOUR',
      amount: '5.00',
    });
    let attempt = 0;
    await fc.assert(
      fc.asyncProperty(
        badAmount,
        fc.constantFrom('post', 'hold', 'hold_post', 'reversal', 'open_limit', 'update_limit'),
        async ([unitIndex, bad], where) => {
          const unit = testUnits[unitIndex] as (typeof testUnits)[number];
          attempt += 1;
          const before = await snapshot(ledger, community);
          const negated =
            typeof bad.text === 'string' && bad.code !== 'amount_invalid'
              ? bad.text.startsWith('-')
                ? bad.text.slice(1)
                : `-${bad.text}`
              : bad.text;
          const calls: Record<typeof where, () => Promise<unknown>> = {
            post: () =>
              ledger.post({
                community,
                id: `bad-${attempt}`,
                kind: 'test_transfer',
                actor: 'tester',
                postings: [
                  { account: `${unit.code}/source`, unit: unit.code, amount: negated as string },
                  { account: `${unit.code}/m0`, unit: unit.code, amount: bad.text as string },
                ],
              }),
            hold: () =>
              ledger.createHold({
                community,
                id: `bad-${attempt}`,
                kind: 'test_hold',
                actor: 'tester',
                from: `${unit.code}/m0`,
                to: `${unit.code}/source`,
                unit: unit.code,
                amount: bad.text as string,
              }),
            hold_post: () =>
              ledger.postHold({ community, holdId: 'held', transactionId: `bad-${attempt}`, actor: 'tester', amount: bad.text as string }),
            reversal: () =>
              ledger.reverse({
                community,
                id: `bad-${attempt}`,
                reverses: `fund-${unit.code}`,
                actor: 'tester',
                postings: [
                  { account: `${unit.code}/source`, unit: unit.code, amount: bad.text as string },
                  { account: `${unit.code}/m0`, unit: unit.code, amount: negated as string },
                ],
              }),
            open_limit: () =>
              ledger.openAccount({ community, id: `bad-${attempt}`, unit: unit.code, name: 'bad limit', lowerLimit: negated as string }),
            update_limit: () => ledger.updateAccount(community, `${unit.code}/m0`, { upperLimit: bad.text as string }),
          };
          // A zero limit is a valid limit, not a zero amount.
          if ((where === 'open_limit' || where === 'update_limit') && bad.code === 'amount_must_not_be_zero') return;
          // No limit (null), the default limit and the whole held amount (undefined) are not amounts.
          if (
            (where === 'open_limit' || where === 'update_limit' || where === 'hold_post') &&
            (bad.text === null || bad.text === undefined)
          )
            return;
          // The held amount is in hours whatever unit was drawn.
          if (where === 'hold_post' && unit.code !== 'HOUR') return;
          const code = await rejectionOf(calls[where]);
          // A hold's amount is positive: a minus sign is refused before the digits are looked at.
          const negative =
            typeof bad.text === 'string' &&
            bad.text.startsWith('-') &&
            (bad.code === 'amount_scale_exceeded' || bad.code === 'amount_exceeds_maximum');
          const expected = negative && (where === 'hold' || where === 'hold_post') ? 'amount_must_be_positive' : bad.code;
          expect(code, `${where} ${String(bad.text)} in ${unit.code}`).toBe(expected);
          expect(await snapshot(ledger, community)).toEqual(before);
        },
      ),
      runs(200, 60),
    );
  });

  it('7. sums of many small amounts are exact, to the last digit of the scale', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: testUnits.length - 1 }).chain((unitIndex) => {
          const scale = (testUnits[unitIndex] as (typeof testUnits)[number]).scale;
          return fc.tuple(
            fc.constant(unitIndex),
            fc.array(fc.oneof(fc.constant(1n), fc.bigInt({ min: 1n, max: 10n ** BigInt(scale) })), { minLength: 1, maxLength: 300 }),
          );
        }),
        async ([unitIndex, amounts]) => {
          const unit = testUnits[unitIndex] as (typeof testUnits)[number];
          const community = freshCommunity('small-sums');
          await openWorkloadBooks(ledger, community, [
            { id: 'source', unit: unit.code, lowerLimit: null, upperLimit: null },
            { id: 'sink', unit: unit.code, lowerLimit: null, upperLimit: null },
          ]);
          const inputs = amounts.map((units, index) => ({
            community,
            id: `small-${index}`,
            kind: 'test_transfer',
            actor: 'tester',
            postings: [
              { account: 'source', unit: unit.code, amount: fromUnits(-units, unit.scale) },
              { account: 'sink', unit: unit.code, amount: fromUnits(units, unit.scale) },
            ],
          }));
          await ledger.postLinked(community, inputs);
          const total = amounts.reduce((sum, units) => sum + units, 0n);
          expect((await ledger.balance(community, 'sink'))?.balance).toBe(fromUnits(total, unit.scale));
          expect((await ledger.balance(community, 'source'))?.balance).toBe(fromUnits(-total, unit.scale));
          const [line] = await ledger.trialBalance(community);
          expect(line).toEqual({
            unit: unit.code,
            debit: fromUnits(-total, unit.scale),
            credit: fromUnits(total, unit.scale),
            net: fromUnits(0n, unit.scale),
            accounts: 2,
          });
        },
      ),
      runs(40, 8),
    );
  });

  it('8. a linked batch commits whole or not at all', async () => {
    const faults = ['none', 'unknown_account', 'over_limit', 'id_reused', 'duplicate_in_batch', 'frozen'] as const;
    const batch = fc.tuple(fc.array(postSpecArbitrary, { minLength: 1, maxLength: 5 }), fc.constantFrom(...faults), fc.nat());
    await fc.assert(
      fc.asyncProperty(tinyWorkload, batch, async (workload, [specs, fault, at]) => {
        const community = freshCommunity('linked');
        const run = await runWorkload(ledger, community, clock, workload);
        const inputs = specs.map((spec, index) => transactionInput(community, `batch-${index}`, spec, clock));
        const faultAt = at % inputs.length;
        const target = inputs[faultAt] as TransactionInput;
        const [first] = target.postings as [TransactionInput['postings'][number]];
        if (fault === 'unknown_account')
          inputs[faultAt] = {
            ...target,
            postings: target.postings.map((posting, index) => (index === 0 ? { ...posting, account: 'nobody' } : posting)),
          };
        if (fault === 'over_limit') {
          await ledger.openAccount({ community, id: 'tight', unit: first.unit, name: 'tight', lowerLimit: '0', upperLimit: '0' });
          inputs[faultAt] = {
            ...target,
            postings: target.postings.map((posting, index) => (index === 0 ? { ...posting, account: 'tight' } : posting)),
          };
        }
        const committed = run.committed[0];
        if (fault === 'id_reused' && committed !== undefined) inputs[faultAt] = { ...target, id: committed, memo: 'a different body' };
        if (fault === 'duplicate_in_batch' && faultAt > 0)
          inputs[faultAt] = {
            ...target,
            id: (inputs[0] as TransactionInput).id,
            memo: `${(inputs[0] as TransactionInput).memo ?? ''} but different`,
          };
        if (fault === 'frozen') await ledger.updateAccount(community, first.account, { status: 'frozen' });
        const before = await snapshot(ledger, community);
        const result = await outcome(() => ledger.postLinked(community, inputs));
        const after = await snapshot(ledger, community);
        const ids = [...new Set(inputs.map((input) => input.id))];
        if (result.ok) {
          expect(result.value).toHaveLength(inputs.length);
          const head = after.head as { seq: number };
          expect(head.seq - (before.head as { seq: number }).seq).toBe(ids.filter((id) => !run.committed.includes(id)).length);
          for (const transaction of result.value) expect(await ledger.getTransaction(community, transaction.id)).toEqual(transaction);
        } else {
          expect(after).toEqual(before);
          expect(result.index).toBeGreaterThanOrEqual(0);
          expect(result.index).toBeLessThan(inputs.length);
          for (const id of ids) if (!run.committed.includes(id)) expect(await ledger.getTransaction(community, id)).toBeUndefined();
        }
      }),
      runs(80, 10),
    );
  });

  it('9. concurrent submissions end in a state some serial order would give', async () => {
    await fc.assert(
      fc.asyncProperty(
        tinyWorkload,
        fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat()), { minLength: 2, maxLength: 30 }),
        async (workload, submissions) => {
          const community = freshCommunity('concurrent');
          const specs = workload.steps.flatMap((step) => (step.type === 'post' ? [step] : []));
          await openWorkloadBooks(ledger, community, workload.accounts);
          if (specs.length === 0) return;
          // Three ledgers over one store: on a database each has its own writer, so their writes race.
          const ledgers = [ledger, opened.ledger(clock.now), opened.ledger(clock.now)];
          const sent = submissions.map(([writer, pick]) => {
            const index = pick % specs.length;
            const input = transactionInput(community, `c-${index}`, specs[index] as PostSpec, clock);
            return { id: input.id, result: outcome(() => (ledgers[writer] as Ledger).post(input)) };
          });
          const results = await Promise.all(sent.map(async ({ id, result }) => ({ id, result: await result })));
          const journal = await fullJournal(ledger, community);
          expect(new Set(journal.map((transaction) => transaction.id)).size).toBe(journal.length);
          for (const { id, result } of results) {
            const stored = journal.find((transaction) => transaction.id === id);
            if (result.ok) expect(result.value).toEqual(stored);
          }
          const replay = await replayJournal(journal, await accountsOf(ledger, community));
          for (const [index, result] of replay.results.entries())
            expect(result.ok ? result.value.postings : result.code).toEqual((journal[index] as Transaction).postings);
          for (const account of await accountsOf(ledger, community))
            expect((await replay.ledger.balance(replay.community, account.id))?.balance).toBe(account.balance);
        },
      ),
      runs(60, 8),
    );
  });

  it('10. any change to a stored journal row is found by verify, which names that entry', async () => {
    const tampers = [
      `update ledger_postings set amount = amount * 2 where community_id = :community and seq = :seq and idx = 1`,
      `update ledger_postings set amount = -amount where community_id = :community and seq = :seq`,
      `update ledger_postings set balance_after = balance_after + 1 where community_id = :community and seq = :seq and idx = 1`,
      `update ledger_transactions set memo = memo || ' (edited)' where community_id = :community and seq = :seq`,
      `update ledger_transactions set metadata = metadata || '{"edited": true}' where community_id = :community and seq = :seq`,
      `update ledger_transactions set actor = 'someone-else' where community_id = :community and seq = :seq`,
      `update ledger_transactions set kind = 'edited' where community_id = :community and seq = :seq`,
      `update ledger_transactions set effective_at = effective_at + interval '1 millisecond' where community_id = :community and seq = :seq`,
      `update ledger_transactions set recorded_at = recorded_at - interval '1 hour' where community_id = :community and seq = :seq`,
    ];
    await fc.assert(
      fc.asyncProperty(tinyWorkload, fc.nat(), fc.constantFrom(...tampers), async (workload, pick, tamper) => {
        const community = freshCommunity('tamper');
        await runWorkload(ledger, community, clock, workload);
        const journal = await fullJournal(ledger, community);
        expect(await ledger.verify(community)).toEqual({
          ok: true,
          transactions: journal.length,
          head: journal.at(-1)?.hash ?? '0'.repeat(64),
        });
        if (journal.length === 0) return;
        const victim = journal[pick % journal.length] as Transaction;
        if (fixture.name === 'memory') {
          const posting = victim.postings[0] as Transaction['postings'][number];
          (opened.store as MemoryStore).tamperForTest(
            community,
            victim.seq,
            posting.amount.startsWith('-') ? posting.amount.slice(1) : `-${posting.amount}`,
          );
        } else {
          // As the superuser, with the journal's triggers off for this one statement's transaction.
          const statement = tamper.replaceAll(':community', `'${community}'`).replaceAll(':seq', String(victim.seq));
          await sql()(`do $$ begin perform set_config('session_replication_role', 'replica', true); ${statement}; end $$`);
        }
        const result = await ledger.verify(community);
        expect(result.ok, `${tamper} on ${victim.id}`).toBe(false);
        if (!result.ok) expect(result.firstBad).toMatchObject({ seq: victim.seq, id: victim.id });
      }),
      runs(30, 20),
    );
  });

  it('11. a hold resolves exactly once: post, void and expiry race and only one wins', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: testUnits.length - 1 }).chain((unitIndex) => {
          const scale = (testUnits[unitIndex] as (typeof testUnits)[number]).scale;
          return fc.tuple(
            fc.constant(unitIndex),
            positiveUnits(scale),
            fc.integer({ min: 0, max: 10 }),
            fc.shuffledSubarray(['post', 'post-again', 'void', 'expire'], { minLength: 2 }),
          );
        }),
        async ([unitIndex, units, tenths, racers]) => {
          const unit = testUnits[unitIndex] as (typeof testUnits)[number];
          const community = freshCommunity('hold-race');
          await openWorkloadBooks(ledger, community, [
            { id: 'payer', unit: unit.code, lowerLimit: '0', upperLimit: null },
            { id: 'payee', unit: unit.code, lowerLimit: '0', upperLimit: null },
            { id: 'source', unit: unit.code, lowerLimit: null, upperLimit: null },
          ]);
          const amount = fromUnits(units, unit.scale);
          await ledger.post({
            community,
            id: 'fund',
            kind: 'test_transfer',
            actor: 'tester',
            postings: [
              { account: 'source', unit: unit.code, amount: `-${amount}` },
              { account: 'payer', unit: unit.code, amount },
            ],
          });
          const expiresAt = clock.iso(60_000);
          await ledger.createHold({
            community,
            id: 'hold',
            kind: 'test_hold',
            actor: 'tester',
            from: 'payer',
            to: 'payee',
            unit: unit.code,
            amount,
            expiresAt,
          });
          expect((await ledger.balance(community, 'payer'))?.available).toBe(fromUnits(0n, unit.scale));
          // Before the expiry (these post and void) and after it (this one sweeps), at once.
          const early = [ledger, opened.ledger(clock.now)];
          const late = opened.ledger(() => new Date(Date.parse(expiresAt) + 1));
          const part = tenths === 0 ? amount : fromUnits((units * BigInt(tenths)) / 10n || 1n, unit.scale);
          const calls: Record<string, () => Promise<unknown>> = {
            post: () =>
              (early[0] as Ledger).postHold({ community, holdId: 'hold', transactionId: 'post-1', actor: 'tester', amount: part }),
            'post-again': () => (early[1] as Ledger).postHold({ community, holdId: 'hold', transactionId: 'post-2', actor: 'tester' }),
            void: () => (early[1] as Ledger).voidHold({ community, holdId: 'hold', actor: 'tester' }),
            expire: () => late.expireHolds(community),
          };
          const results = await Promise.all(
            racers.map(async (racer) => ({ racer, result: await outcome(calls[racer] as () => Promise<unknown>) })),
          );
          const winners = results.filter(({ racer, result }) => result.ok && (racer !== 'expire' || result.value === 1));
          expect(winners, JSON.stringify(results)).toHaveLength(1);
          for (const { result } of results) if (!result.ok) expect(result.code).toBe('hold_not_pending');
          const hold = await ledger.getHold(community, 'hold');
          const winner = (winners[0] as (typeof winners)[number]).racer;
          expect(hold?.status).toBe({ post: 'posted', 'post-again': 'posted', void: 'voided', expire: 'expired' }[winner]);
          // Resolved once, for good: further posts are refused; a void repeats only a void.
          expect(await rejectionOf(() => ledger.postHold({ community, holdId: 'hold', transactionId: 'post-3', actor: 'tester' }))).toBe(
            'hold_not_pending',
          );
          const voidAgain = await outcome(() => ledger.voidHold({ community, holdId: 'hold', actor: 'tester' }));
          if (winner === 'void') expect(voidAgain.ok && (voidAgain.value as { status: string }).status).toBe('voided');
          else expect(voidAgain.ok ? 'ok' : voidAgain.code).toBe('hold_not_pending');
          // The reservation is gone either way, and only a posting moved money.
          const posted = hold?.postedAmount === null || hold?.postedAmount === undefined ? 0n : toUnits(hold.postedAmount, unit.scale);
          const payer = await ledger.getAccount(community, 'payer');
          const payee = await ledger.getAccount(community, 'payee');
          expect([payer?.held, payer?.available, payee?.incoming, payee?.balance]).toEqual([
            fromUnits(0n, unit.scale),
            fromUnits(units - posted, unit.scale),
            fromUnits(0n, unit.scale),
            fromUnits(posted, unit.scale),
          ]);
        },
      ),
      runs(60, 10),
    );
  });

  it('11. an expired hold frees its amount: refused at expiry before the sweep, spendable after it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: testUnits.length - 1 }), fc.integer({ min: 1, max: 86_400_000 }), async (unitIndex, lifetimeMs) => {
        const unit = testUnits[unitIndex] as (typeof testUnits)[number];
        const community = freshCommunity('hold-expiry');
        const local = new TestClock();
        const books = opened.ledger(local.now);
        await openWorkloadBooks(books, community, [
          { id: 'payer', unit: unit.code, lowerLimit: '0', upperLimit: null },
          { id: 'payee', unit: unit.code, lowerLimit: null, upperLimit: null },
        ]);
        const amount = smallestAmount(unit.scale);
        await books.post({
          community,
          id: 'fund',
          kind: 'test_transfer',
          actor: 'tester',
          postings: [
            { account: 'payee', unit: unit.code, amount: `-${amount}` },
            { account: 'payer', unit: unit.code, amount },
          ],
        });
        await books.createHold({
          community,
          id: 'hold',
          kind: 'test_hold',
          actor: 'tester',
          from: 'payer',
          to: 'payee',
          unit: unit.code,
          amount,
          expiresAt: local.iso(lifetimeMs),
        });
        const spend = (id: string): Promise<unknown> =>
          books.post({
            community,
            id,
            kind: 'test_transfer',
            actor: 'tester',
            postings: [
              { account: 'payer', unit: unit.code, amount: `-${amount}` },
              { account: 'payee', unit: unit.code, amount },
            ],
          });
        expect(await rejectionOf(() => spend('too-early'))).toBe('exceeds_lower_limit');
        local.advance(lifetimeMs - 1);
        expect(await books.expireHolds(community)).toBe(0);
        local.advance(1);
        expect(await rejectionOf(() => books.postHold({ community, holdId: 'hold', transactionId: 'late', actor: 'tester' }))).toBe(
          'hold_expired',
        );
        expect((await books.getHold(community, 'hold'))?.status).toBe('pending');
        expect(await books.expireHolds(community)).toBe(1);
        expect(await books.expireHolds(community)).toBe(0);
        expect(await books.getHold(community, 'hold')).toMatchObject({ status: 'expired', resolvedAt: local.iso() });
        expect(await books.getAccount(community, 'payer')).toMatchObject({
          balance: amount,
          held: fromUnits(0n, unit.scale),
          available: amount,
        });
        await spend('after-expiry');
        expect(await rejectionOf(() => books.postHold({ community, holdId: 'hold', transactionId: 'later', actor: 'tester' }))).toBe(
          'hold_not_pending',
        );
      }),
      runs(40, 8),
    );
  });

  it('12. replaying the journal from empty gives the same balances, at every point in time', async () => {
    await fc.assert(
      fc.asyncProperty(
        tinyWorkload,
        fc.array(fc.integer({ min: -20 * 86_400_000, max: 86_400_000 }), { maxLength: 4 }),
        async (workload, offsets) => {
          const community = freshCommunity('replay');
          await runWorkload(ledger, community, clock, workload);
          const journal = await fullJournal(ledger, community);
          const accounts = await accountsOf(ledger, community);
          const replay = await replayJournal(journal, accounts);
          for (const [index, result] of replay.results.entries()) {
            const original = journal[index] as Transaction;
            expect(result.ok ? result.value.postings : result.code, `${original.id}`).toEqual(original.postings);
          }
          for (const account of accounts) {
            expect((await replay.ledger.balance(replay.community, account.id))?.balance, account.id).toBe(account.balance);
            for (const offset of offsets) {
              const at = clock.iso(offset);
              expect((await replay.ledger.balance(replay.community, account.id, { at }))?.balance).toBe(
                (await ledger.balance(community, account.id, { at }))?.balance,
              );
            }
          }
          expect(await replay.ledger.trialBalance(replay.community)).toEqual(await ledger.trialBalance(community));
        },
      ),
      runs(60, 8),
    );
  });
});

/** A body that differs from `input` in exactly one way and is otherwise valid. */
function mutate(
  input: TransactionInput,
  how: 'memo' | 'actor' | 'kind' | 'metadata' | 'amount' | 'effectiveAt' | 'account' | 'order',
): TransactionInput {
  switch (how) {
    case 'memo':
      return { ...input, memo: `${input.memo ?? ''}!` };
    case 'actor':
      return { ...input, actor: `${input.actor}-2` };
    case 'kind':
      return { ...input, kind: `${input.kind}_2` };
    case 'metadata':
      return { ...input, metadata: { ...input.metadata, changed: true } };
    case 'effectiveAt':
      return { ...input, effectiveAt: new Date(Date.parse(input.effectiveAt ?? '2020-01-01T00:00:00Z') - 1).toISOString() };
    case 'amount':
      // Every amount the other way round: still balanced, still at scale, within the maximum.
      return {
        ...input,
        postings: input.postings.map((posting) => {
          const scale = scaleOfUnit(posting.unit);
          return { ...posting, amount: fromUnits(-toUnits(posting.amount, scale), scale) };
        }),
      };
    case 'account':
      return {
        ...input,
        postings: input.postings.map((posting, index) => (index === 0 ? { ...posting, account: `${posting.account}-other` } : posting)),
      };
    case 'order':
      return { ...input, postings: [...input.postings].reverse() };
  }
}

describe('the edge generators', () => {
  it('reach the largest amount, the smallest unit and the scale limit', () => {
    for (const unit of testUnits) {
      const samples = fc.sample(positiveAmount(unit.scale), 2_000);
      expect(samples).toContain(smallestAmount(unit.scale));
      expect(samples).toContain(largestAmount(unit.scale));
      expect(samples.some((text) => text.includes('.') && text.split('.')[1]?.length === unit.scale && !text.endsWith('0'))).toBe(
        unit.scale > 0,
      );
    }
  });
});
