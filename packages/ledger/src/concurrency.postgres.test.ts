// Concurrency on a real PostgreSQL server: eight connections, each with its own Ledger, write to a
// few hot accounts with tight limits at once, retrying ids and racing on holds; the books must end
// as some serial order of the committed writes would leave them.
import fc from 'fast-check';
import knexModule from 'knex';
import { migrateLedger } from './migrations/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from './account.js';
import { openDatabase, type Database } from './database.js';
import type { Hold } from './hold.js';
import { Ledger } from './ledger.js';
import { pageSizeMax } from './limits.js';
import { PostgresStore } from './store-postgres.js';
import {
  TestClock,
  expectTrialBalanceZero,
  freshCommunity,
  fromUnits,
  fullJournal,
  outcome,
  toUnits,
  type Outcome,
} from './test-arbitraries.js';
import { createScratchDatabase, serverSkipReason, serverUrl } from './test-support.js';
import { openWorkloadBooks, replayJournal } from './test-workload.js';
import type { Transaction, TransactionInput } from './transaction.js';

const { knex } = knexModule;

/** Separate connections, each with its own pool of one and its own Ledger (and so its own writer). */
const connections = 8;
/** The hot accounts: a source without limits, then members with tight limits. */
const memberCount = 4;

interface Transfer {
  from: number;
  to: number;
  /** Hundredths of an hour. */
  units: bigint;
}

type Operation =
  | { type: 'post'; transfer: Transfer; retry: 'none' | 'after' | 'at_once' }
  | { type: 'linked'; transfers: [Transfer, Transfer] }
  | { type: 'hold'; transfer: Transfer };

interface Plan {
  limits: { lower: bigint; upper: bigint }[];
  lanes: Operation[][];
  /** The same id and body, sent by two or three connections at the same moment. */
  twins: { transfer: Transfer; lanes: number[]; position: number }[];
}

const transferArbitrary: fc.Arbitrary<Transfer> = fc.record({
  from: fc.nat({ max: memberCount }),
  to: fc.nat({ max: memberCount - 1 }),
  units: fc.oneof(fc.constant(1n), fc.bigInt({ min: 1n, max: 250n })),
});

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('post' as const),
      transfer: transferArbitrary,
      retry: fc.constantFrom('none' as const, 'none' as const, 'after' as const, 'at_once' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('linked' as const), transfers: fc.tuple(transferArbitrary, transferArbitrary) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('hold' as const), transfer: transferArbitrary }) },
);

const planArbitrary: fc.Arbitrary<Plan> = fc.record({
  limits: fc.array(fc.record({ lower: fc.constantFrom(0n, -1n, -100n), upper: fc.constantFrom(1n, 150n, 300n) }), {
    minLength: memberCount,
    maxLength: memberCount,
  }),
  lanes: fc.array(fc.array(operationArbitrary, { minLength: 15, maxLength: 30 }), { minLength: connections, maxLength: connections }),
  twins: fc.array(
    fc.record({
      transfer: transferArbitrary,
      lanes: fc.uniqueArray(fc.nat({ max: connections - 1 }), { minLength: 2, maxLength: 3 }),
      position: fc.nat({ max: 14 }),
    }),
    { minLength: 3, maxLength: 12 },
  ),
});

function accountId(index: number): string {
  return index === 0 ? 'hot/source' : `hot/member-${index}`;
}

/** The destination never equals the source: `to` counts the other accounts. */
function input(community: string, id: string, transfer: Pick<Transfer, 'from' | 'to' | 'units'>): TransactionInput {
  const from = accountId(transfer.from);
  const to = accountId(transfer.to >= transfer.from ? transfer.to + 1 : transfer.to);
  const amount = fromUnits(transfer.units, 2);
  return {
    community,
    id,
    kind: 'test_transfer',
    actor: 'tester',
    postings: [
      { account: from, unit: 'HOUR', amount: `-${amount}` },
      { account: to, unit: 'HOUR', amount },
    ],
  };
}

interface Sent {
  id: string;
  result: Outcome<Transaction>;
}

describe.skipIf(serverUrl() === undefined)(
  `concurrent writers on a PostgreSQL server (${serverUrl() === undefined ? serverSkipReason : 'DATABASE_URL is set'})`,
  () => {
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
    let databases: Database[] = [];
    let ledgers: Ledger[] = [];
    const clock = new TestClock();

    beforeAll(async () => {
      scratch = await createScratchDatabase(serverUrl() as string);
      const migrator = knex({ client: 'pg', connection: scratch.url, pool: { min: 0, max: 1 } });
      await migrateLedger(migrator);
      await migrator.destroy();
      databases = Array.from({ length: connections }, () => openDatabase({ databaseUrl: scratch.url, poolSize: 1 }));
      ledgers = databases.map((database) => new Ledger({ store: new PostgresStore(database.knex, 'postgres'), clock: clock.now }));
    });

    afterAll(async () => {
      for (const database of databases) await database.close();
      await scratch?.drop();
    });

    it('ends in a state some serial order of the committed writes gives, with every id applied once and no limit ever broken', async () => {
      const sql = async (statement: string, bindings: readonly unknown[]): Promise<Record<string, unknown>[]> =>
        ((await (databases[0] as Database).knex.raw(statement, bindings as never[])) as { rows: Record<string, unknown>[] }).rows;

      await fc.assert(
        fc.asyncProperty(planArbitrary, async (plan) => {
          const community = freshCommunity('hot');
          const setup = ledgers[0] as Ledger;
          await openWorkloadBooks(setup, community, [
            { id: accountId(0), unit: 'HOUR', lowerLimit: null, upperLimit: null },
            ...plan.limits.map((limit, index) => ({
              id: accountId(index + 1),
              unit: 'HOUR',
              lowerLimit: fromUnits(limit.lower, 2),
              upperLimit: fromUnits(limit.upper, 2),
            })),
          ]);
          const sent: Sent[] = [];
          const holdRaces: { id: string; results: Outcome<unknown>[] }[] = [];
          const linked: string[][] = [];

          const lane = async (index: number): Promise<void> => {
            const ledger = ledgers[index] as Ledger;
            const other = ledgers[(index + 1) % connections] as Ledger;
            for (const [position, operation] of (plan.lanes[index] as Operation[]).entries()) {
              for (const [twinIndex, twin] of plan.twins.entries()) {
                // The first lane named sends it through every named connection at the same moment.
                if (twin.position === position && twin.lanes[0] === index) {
                  const twinInput = input(community, `twin-${twinIndex}`, twin.transfer);
                  const results = await Promise.all(twin.lanes.map((other) => outcome(() => (ledgers[other] as Ledger).post(twinInput))));
                  for (const result of results) sent.push({ id: twinInput.id, result });
                }
              }
              const id = `lane-${index}-${position}`;
              switch (operation.type) {
                case 'post': {
                  const body = input(community, id, operation.transfer);
                  if (operation.retry === 'at_once') {
                    // Two copies through one writer: they share one call to the database.
                    const results = await Promise.all([outcome(() => ledger.post(body)), outcome(() => ledger.post(body))]);
                    for (const result of results) sent.push({ id, result });
                  } else {
                    sent.push({ id, result: await outcome(() => ledger.post(body)) });
                    if (operation.retry === 'after') sent.push({ id, result: await outcome(() => ledger.post(body)) });
                  }
                  break;
                }
                case 'linked': {
                  const inputs = operation.transfers.map((transfer, part) => input(community, `${id}-${part}`, transfer));
                  linked.push(inputs.map((item) => item.id));
                  const result = await outcome(() => ledger.postLinked(community, inputs));
                  for (const [part, item] of inputs.entries())
                    sent.push({ id: item.id, result: result.ok ? { ok: true, value: result.value[part] as Transaction } : result });
                  break;
                }
                case 'hold': {
                  const body = input(community, id, operation.transfer);
                  const [from, to] = body.postings as [TransactionInput['postings'][number], TransactionInput['postings'][number]];
                  const created = await outcome(() =>
                    ledger.createHold({
                      community,
                      id,
                      kind: 'test_hold',
                      actor: 'tester',
                      from: from.account,
                      to: to.account,
                      unit: 'HOUR',
                      amount: to.amount,
                    }),
                  );
                  if (!created.ok) break;
                  // This connection posts it while the next one voids it.
                  const results = await Promise.all([
                    outcome(() => ledger.postHold({ community, holdId: id, transactionId: `${id}-posted`, actor: 'tester' })),
                    outcome(() => other.voidHold({ community, holdId: id, actor: 'tester' })),
                  ]);
                  holdRaces.push({ id, results });
                  if (results[0]?.ok === true) sent.push({ id: `${id}-posted`, result: results[0] as Outcome<Transaction> });
                  break;
                }
              }
            }
          };
          await Promise.all(Array.from({ length: connections }, (_, index) => lane(index)));

          const journal = await fullJournal(setup, community);
          const accounts = (await setup.listAccounts(community, { limit: pageSizeMax })).items;
          const byId = new Map(journal.map((transaction) => [transaction.id, transaction]));

          // The journal has no gaps and each id took effect once.
          expect(journal.map((transaction) => transaction.seq)).toEqual(journal.map((_, index) => index + 1));
          expect(byId.size).toBe(journal.length);
          const counted = await sql(
            `select id, count(*)::int as n from ledger_transactions where community_id = ? group by id having count(*) <> 1`,
            [community],
          );
          expect(counted).toEqual([]);
          // Every submission of an id agrees with what was stored, and a stored id was accepted at least once.
          const submissions = new Map<string, Sent[]>();
          for (const item of sent) submissions.set(item.id, [...(submissions.get(item.id) ?? []), item]);
          for (const [id, items] of submissions) {
            const stored = byId.get(id);
            for (const item of items) if (item.result.ok) expect(item.result.value, id).toEqual(stored);
            if (stored !== undefined)
              expect(
                items.some((item) => item.result.ok),
                id,
              ).toBe(true);
            if (items.some((item) => item.result.ok)) expect(stored, id).toBeDefined();
          }
          // Linked batches: both or neither.
          for (const ids of linked) expect(ids.map((id) => byId.has(id))).toEqual(ids.map(() => byId.has(ids[0] as string)));
          // Each hold resolved once: post or void won, never both.
          for (const race of holdRaces) {
            expect(
              race.results.filter((result) => result.ok),
              race.id,
            ).toHaveLength(1);
            for (const result of race.results) if (!result.ok) expect(result.code).toBe('hold_not_pending');
            const hold = (await setup.getHold(community, race.id)) as Hold;
            expect(hold.status).toBe(race.results[0]?.ok === true ? 'posted' : 'voided');
          }

          // The books: trial balance zero, balances the sums of their postings, no limit ever broken.
          expectTrialBalanceZero(await setup.trialBalance(community), 'now');
          const sums = await sql(
            `select a.id, a.balance::text as balance, coalesce(sum(p.amount), 0)::text as total, a.held::text as held,
                  (select coalesce(sum(h.amount), 0) from ledger_holds h where h.community_id = a.community_id and h.from_account = a.id and h.status = 'pending')::text as pending
             from ledger_accounts a left join ledger_postings p on p.community_id = a.community_id and p.account_id = a.id
            where a.community_id = ? group by a.community_id, a.id, a.balance, a.held`,
            [community],
          );
          for (const row of sums) {
            expect(toUnits(String(row.balance), 2), String(row.id)).toBe(toUnits(String(row.total), 2));
            expect(Number(row.held), String(row.id)).toBe(Number(row.pending));
          }
          const broken = await sql(
            `select p.seq, p.account_id, p.balance_after::text from ledger_postings p
             join ledger_accounts a on a.community_id = p.community_id and a.id = p.account_id
            where p.community_id = ? and ((a.lower_limit is not null and p.balance_after < a.lower_limit) or (a.upper_limit is not null and p.balance_after > a.upper_limit))`,
            [community],
          );
          expect(broken).toEqual([]);
          expect(await setup.verify(community)).toMatchObject({ ok: true, transactions: journal.length });

          // A serial replay of the committed journal, one write at a time, gives the same books.
          const replay = await replayJournal(journal, accounts);
          for (const [index, result] of replay.results.entries())
            expect(result.ok ? result.value.postings : result.code).toEqual((journal[index] as Transaction).postings);
          for (const account of accounts as Account[])
            expect((await replay.ledger.balance(replay.community, account.id))?.balance, account.id).toBe(account.balance);
        }),
        { numRuns: 6 },
      );
    });

    it('verifies a community while other connections write to it: the walk stops at the head it read, never a false alarm', async () => {
      const community = freshCommunity('busy');
      const setup = ledgers[0] as Ledger;
      await openWorkloadBooks(setup, community, [
        { id: accountId(0), unit: 'HOUR', lowerLimit: null, upperLimit: null },
        { id: accountId(1), unit: 'HOUR', lowerLimit: null, upperLimit: null },
      ]);
      let writing = true;
      const writers = ledgers.slice(1, 5).map(async (ledger, lane) => {
        for (let index = 0; writing; index += 1) {
          await ledger.post(input(community, `busy/${lane}/${index}`, { from: index % 2, to: 0, units: 1n }));
        }
      });
      const results = [];
      try {
        for (let round = 0; round < 40; round += 1) results.push(await setup.verify(community));
      } finally {
        writing = false;
        await Promise.all(writers);
      }
      expect(results.filter((result) => !result.ok)).toEqual([]);
      const counts = results.map((result) => result.transactions);
      expect(counts[counts.length - 1]).toBeGreaterThan(counts[0] as number);
      expect((await setup.verify(community)).ok).toBe(true);
    });

    it('many connections posting floored transactions at once never break a floor, and the committed ones pass their floors again in journal order', async () => {
      /** Hundredths of an hour; a floor on the paying member, or none. */
      const floored = fc.record({
        from: fc.nat({ max: memberCount }),
        to: fc.nat({ max: memberCount - 1 }),
        units: fc.bigInt({ min: 1n, max: 150n }),
        floor: fc.option(fc.constantFrom(0n, 1n, 100n, 250n, -50n), { nil: null, freq: 4 }),
      });
      let exceededFloors = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(floored, { minLength: 10, maxLength: 25 }), { minLength: connections, maxLength: connections }),
          async (lanes) => {
            const community = freshCommunity('floors');
            const setup = ledgers[0] as Ledger;
            // Members may overdraw by 10.00: the floors, not the limits, are what most refusals are for.
            await openWorkloadBooks(setup, community, [
              { id: accountId(0), unit: 'HOUR', lowerLimit: null, upperLimit: null },
              ...Array.from({ length: memberCount }, (_, index) => ({
                id: accountId(index + 1),
                unit: 'HOUR',
                lowerLimit: '-10.00',
                upperLimit: null,
              })),
            ]);
            for (let member = 1; member <= memberCount; member += 1)
              await setup.post(input(community, `opening-${member}`, { from: 0, to: member - 1, units: 300n }));
            const floors = new Map<string, Map<string, string>>();
            await Promise.all(
              lanes.map(async (lane, index) => {
                for (const [position, transfer] of lane.entries()) {
                  const id = `floored-${index}-${position}`;
                  const body = input(community, id, transfer);
                  const [from, to] = body.postings as [TransactionInput['postings'][number], TransactionInput['postings'][number]];
                  if (transfer.floor !== null) floors.set(id, new Map([[from.account, fromUnits(transfer.floor, 2)]]));
                  const sent = {
                    ...body,
                    postings: [{ ...from, ...(transfer.floor === null ? {} : { floor: fromUnits(transfer.floor, 2) }) }, to],
                  };
                  const result = await outcome(() => (ledgers[index] as Ledger).post(sent));
                  if (!result.ok) {
                    expect(['exceeds_floor', 'exceeds_lower_limit'], id).toContain(result.code);
                    if (result.code === 'exceeds_floor') exceededFloors += 1;
                  }
                }
              }),
            );
            const journal = await fullJournal(setup, community);
            // No holds here, so a balance after a posting is the available balance it left.
            for (const transaction of journal) {
              for (const posting of transaction.postings) {
                const floor = floors.get(transaction.id)?.get(posting.account);
                if (floor !== undefined)
                  expect(
                    toUnits(posting.balanceAfter, 2) >= toUnits(floor, 2),
                    `${transaction.id} left ${posting.account} at ${posting.balanceAfter}, below ${floor}`,
                  ).toBe(true);
              }
            }
            // The committed writes, floors and all, are a serial order: each passes again in journal order.
            const accounts = (await setup.listAccounts(community, { limit: pageSizeMax })).items;
            const replay = await replayJournal(journal, accounts, floors);
            for (const [index, result] of replay.results.entries())
              expect(result.ok ? result.value.postings : result.code, (journal[index] as Transaction).id).toEqual(
                (journal[index] as Transaction).postings,
              );
            expect(await setup.verify(community)).toMatchObject({ ok: true, transactions: journal.length });
          },
        ),
        { numRuns: 4 },
      );
      // The plans make floors bite: a run where none refused would not have tested them.
      expect(exceededFloors).toBeGreaterThan(0);
    });
  },
);
