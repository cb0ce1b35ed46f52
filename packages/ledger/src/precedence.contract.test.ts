// Every store against the one precedence table (`stateRejectionCodes`): when two checks of the stored state fail on one write, the one listed first is reported, wherever each sits in the write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from './ledger.js';
import { LedgerRejection, precedingRejection, stateRejectionCodes, type RejectionCode } from './rejections.js';
import { storeFixtures, type OpenedStore } from './test-support.js';
import type { PostingInput } from './transaction.js';

/** The failures one posting of a transaction can carry, each set up on accounts of its own. */
const postingFailures = [
  'account_not_found',
  'unit_mismatch',
  'account_frozen',
  'account_closed',
  'exceeds_lower_limit',
  'exceeds_floor',
  'exceeds_upper_limit',
] as const;
type PostingFailure = (typeof postingFailures)[number];

/** The failures of a hold's `from` and `to` accounts. */
const holdFromFailures = [
  'account_not_found',
  'unit_mismatch',
  'account_frozen',
  'account_closed',
  'exceeds_lower_limit',
  'exceeds_floor',
] as const;
const holdToFailures = ['account_not_found', 'unit_mismatch', 'account_frozen', 'account_closed'] as const;
type AccountFailure = PostingFailure;

/** Unordered pairs of distinct items. */
function pairs<T>(items: readonly T[]): [T, T][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b): [T, T] => [a, b]));
}

describe('the precedence table', () => {
  it('lists every check of the stored state once, and these tests use only its codes', () => {
    expect(new Set(stateRejectionCodes).size).toBe(stateRejectionCodes.length);
    for (const code of [
      ...postingFailures,
      'id_reused_with_different_body',
      'community_not_found',
      'transaction_not_found',
      'already_reversed',
      'reversal_exceeds_original',
      'hold_not_pending',
    ] as const)
      expect(stateRejectionCodes).toContain(code);
  });
});

describe.each(storeFixtures())('the precedence of state checks on $name', (fixture) => {
  let opened: OpenedStore;
  let ledger: Ledger;
  let communities = 0;

  beforeAll(async () => {
    opened = await fixture.open();
    ledger = opened.ledger();
  });
  afterAll(async () => opened.close());

  async function community(): Promise<string> {
    communities += 1;
    const id = `precedence-${communities}`;
    await ledger.createCommunity({ id, name: `社区 ${communities}` });
    return id;
  }

  async function codeOf(write: Promise<unknown>): Promise<RejectionCode | 'accepted'> {
    return write.then(
      () => 'accepted' as const,
      (error: unknown) => {
        if (error instanceof LedgerRejection) return error.code;
        throw error;
      },
    );
  }

  /** An account named `name` of `unit`, then frozen or closed as asked. */
  async function account(
    c: string,
    name: string,
    options: { unit?: string; lowerLimit?: string | null; upperLimit?: string | null; status?: 'frozen' | 'closed' } = {},
  ): Promise<string> {
    await ledger.openAccount({
      community: c,
      id: name,
      unit: options.unit ?? 'HOUR',
      name,
      ...(options.lowerLimit === undefined ? {} : { lowerLimit: options.lowerLimit }),
      ...(options.upperLimit === undefined ? {} : { upperLimit: options.upperLimit }),
    });
    if (options.status !== undefined) await ledger.updateAccount(c, name, { status: options.status });
    return name;
  }

  /** The account a failure sits on, set up in community `c`: the slot `slot` keeps accounts of different slots apart. */
  async function failingAccount(c: string, slot: string, failure: AccountFailure): Promise<string> {
    switch (failure) {
      case 'account_not_found':
        return `${slot}/missing`;
      case 'unit_mismatch':
        return account(c, `${slot}/points`, { unit: 'POINT', lowerLimit: null });
      case 'account_frozen':
        return account(c, `${slot}/frozen`, { lowerLimit: null, status: 'frozen' });
      case 'account_closed':
        return account(c, `${slot}/closed`, { lowerLimit: null, status: 'closed' });
      case 'exceeds_lower_limit':
        return account(c, `${slot}/low`, { lowerLimit: '0.00' });
      case 'exceeds_floor':
        return account(c, `${slot}/floored`, { lowerLimit: null });
      case 'exceeds_upper_limit':
        return account(c, `${slot}/capped`, { lowerLimit: null, upperLimit: '0.50' });
    }
  }

  /** Two postings that balance, the first on the failing account, moving one hour in the direction that makes it fail. */
  async function failingPostings(c: string, slot: string, failure: PostingFailure): Promise<PostingInput[]> {
    const failing = await failingAccount(c, slot, failure);
    const other = await account(c, `${slot}/other`, { lowerLimit: null });
    const lowers = failure === 'exceeds_lower_limit' || failure === 'exceeds_floor';
    return [
      { account: failing, unit: 'HOUR', amount: lowers ? '-1.00' : '1.00', ...(failure === 'exceeds_floor' ? { floor: '0.00' } : {}) },
      { account: other, unit: 'HOUR', amount: lowers ? '1.00' : '-1.00' },
    ];
  }

  /** Posts a transaction whose id was used before with another body, when asked. */
  async function usedId(c: string, reuse: boolean): Promise<string> {
    if (!reuse) return 'tx';
    const from = await account(c, 'earlier/from', { lowerLimit: null });
    const to = await account(c, 'earlier/to', { lowerLimit: null });
    await ledger.post({
      community: c,
      id: 'tx',
      kind: 'hour_gift',
      actor: 'a',
      postings: [
        { account: from, unit: 'HOUR', amount: '-0.25' },
        { account: to, unit: 'HOUR', amount: '0.25' },
      ],
    });
    return 'tx';
  }

  describe('a transaction', () => {
    const cases = pairs([...postingFailures, 'id_reused_with_different_body'] as const).flatMap(([a, b]) => [
      [a, b] as const,
      [b, a] as const,
    ]);
    it.each(cases)('with %s and %s is refused with the one listed first', async (first, second) => {
      const c = await community();
      const postings: PostingInput[] = [];
      let reuse = false;
      for (const [slot, failure] of [
        ['one', first],
        ['two', second],
      ] as const) {
        if (failure === 'id_reused_with_different_body') reuse = true;
        else postings.push(...(await failingPostings(c, slot, failure)));
      }
      if (postings.length === 2)
        postings.push(
          ...(await failingPostings(c, 'fine', 'account_frozen')).map((posting, index) => ({
            ...posting,
            account: index === 0 ? 'fine/a' : 'fine/b',
          })),
        );
      if (postings.length === 4 && reuse) {
        await account(c, 'fine/a', { lowerLimit: null });
        await account(c, 'fine/b', { lowerLimit: null });
      }
      const id = await usedId(c, reuse);
      expect(await codeOf(ledger.post({ community: c, id, kind: 'hour_gift', actor: 'a', postings }))).toBe(
        precedingRejection(first, second),
      );
      // The same in a linked batch, after a transaction that passes.
      const passes = {
        community: c,
        id: 'before',
        kind: 'hour_gift',
        actor: 'a',
        postings: [
          { account: await account(c, 'batch/a', { lowerLimit: null }), unit: 'HOUR', amount: '-0.10' },
          { account: await account(c, 'batch/b', { lowerLimit: null }), unit: 'HOUR', amount: '0.10' },
        ],
      };
      expect(await codeOf(ledger.postLinked(c, [passes, { community: c, id, kind: 'hour_gift', actor: 'a', postings }]))).toBe(
        precedingRejection(first, second),
      );
    });

    it('in a community that does not exist is refused with the first of its failures: a unit, then the community', async () => {
      // A community that does not exist has no units: unit_not_found (a check of the input against
      // the community's units) comes before community_not_found in the table.
      const postings = [
        { account: 'x', unit: 'HOUR', amount: '-1.00' },
        { account: 'y', unit: 'HOUR', amount: '1.00' },
      ];
      expect(await codeOf(ledger.post({ community: 'nowhere', id: 'tx', kind: 'hour_gift', actor: 'a', postings }))).toBe(
        precedingRejection(precedingRejection('unit_not_found', 'community_not_found'), 'account_not_found'),
      );
      expect(await codeOf(ledger.voidHold({ community: 'nowhere', holdId: 'h', actor: 'a' }))).toBe(
        precedingRejection('community_not_found', 'hold_not_found'),
      );
    });
  });

  describe('a hold', () => {
    const cases = holdFromFailures.flatMap((from) => holdToFailures.map((to) => [from, to] as const));
    it.each(cases)('from an account with %s to one with %s is refused with the one listed first', async (from, to) => {
      const c = await community();
      const fromAccount = await failingAccount(c, 'from', from);
      const toAccount = await failingAccount(c, 'to', to);
      const hold = {
        community: c,
        id: 'h',
        kind: 'service_credit',
        actor: 'a',
        from: fromAccount,
        to: toAccount,
        unit: 'HOUR',
        amount: '1.00',
        ...(from === 'exceeds_floor' ? { floor: '0.00' } : {}),
      };
      expect(await codeOf(ledger.createHold(hold))).toBe(precedingRejection(from, to));
    });

    it.each(holdFromFailures.filter((failure) => failure !== 'account_not_found'))(
      'with a used id and an account with %s is refused with id_reused_with_different_body',
      async (failure) => {
        const c = await community();
        const from = await account(c, 'first/from', { lowerLimit: null });
        const to = await account(c, 'first/to', { lowerLimit: null });
        await ledger.createHold({ community: c, id: 'h', kind: 'service_credit', actor: 'a', from, to, unit: 'HOUR', amount: '0.25' });
        const failing = await failingAccount(c, 'from', failure);
        expect(
          await codeOf(
            ledger.createHold({
              community: c,
              id: 'h',
              kind: 'service_credit',
              actor: 'a',
              from: failing,
              to,
              unit: 'HOUR',
              amount: '1.00',
              ...(failure === 'exceeds_floor' ? { floor: '0.00' } : {}),
            }),
          ),
        ).toBe(precedingRejection('id_reused_with_different_body', failure));
      },
    );
  });

  describe('a reversal', () => {
    /** wang credited three hours by `sc`, which the issuance account paid. */
    async function credited(): Promise<{ c: string; wang: string; issuance: string }> {
      const c = await community();
      const issuance = await account(c, 'issuance', { lowerLimit: null });
      const wang = await account(c, 'member/wang/hours', { lowerLimit: '0.00' });
      await account(c, 'member/li/hours', { lowerLimit: '0.00' });
      await ledger.post({
        community: c,
        id: 'sc',
        kind: 'service_credit',
        actor: 'a',
        postings: [
          { account: issuance, unit: 'HOUR', amount: '-3.00' },
          { account: wang, unit: 'HOUR', amount: '3.00' },
        ],
      });
      return { c, wang, issuance };
    }
    const part = (c: string, id: string, wang: string, issuance: string, hours: string) => ({
      community: c,
      id,
      reverses: 'sc',
      actor: 'a',
      postings: [
        { account: wang, unit: 'HOUR', amount: `-${hours}` },
        { account: issuance, unit: 'HOUR', amount: hours },
      ],
    });

    it('of a missing transaction under a used id is refused with id_reused_with_different_body', async () => {
      const { c } = await credited();
      expect(await codeOf(ledger.reverse({ community: c, id: 'sc', reverses: 'nothing', actor: 'a' }))).toBe(
        precedingRejection('id_reused_with_different_body', 'transaction_not_found'),
      );
      expect(
        await codeOf(
          ledger.reverse({
            community: c,
            id: 'sc',
            reverses: 'nothing',
            actor: 'a',
            postings: [
              { account: 'member/wang/hours', unit: 'HOUR', amount: '-1.00' },
              { account: 'issuance', unit: 'HOUR', amount: '1.00' },
            ],
          }),
        ),
      ).toBe(precedingRejection('id_reused_with_different_body', 'transaction_not_found'));
    });

    it('already reversed, of a frozen account, is refused with the one listed first', async () => {
      const { c, wang, issuance } = await credited();
      await ledger.reverse(part(c, 'r1', wang, issuance, '3.00'));
      await ledger.updateAccount(c, wang, { status: 'frozen' });
      expect(await codeOf(ledger.reverse(part(c, 'r2', wang, issuance, '0.01')))).toBe(
        precedingRejection('account_frozen', 'already_reversed'),
      );
    });

    it('already reversed, past the lower limit, is refused with the one listed first', async () => {
      const { c, wang, issuance } = await credited();
      await ledger.reverse(part(c, 'r1', wang, issuance, '1.00'));
      await ledger.reverse(part(c, 'r2', wang, issuance, '2.00'));
      expect(await codeOf(ledger.reverse(part(c, 'r3', wang, issuance, '0.01')))).toBe(
        precedingRejection('already_reversed', 'exceeds_lower_limit'),
      );
    });

    it('past the original and past the lower limit is refused with the one listed first', async () => {
      const { c, wang, issuance } = await credited();
      await ledger.reverse(part(c, 'r1', wang, issuance, '1.00'));
      await ledger.post({
        community: c,
        id: 'spend',
        kind: 'hour_gift',
        actor: 'a',
        postings: [
          { account: wang, unit: 'HOUR', amount: '-2.00' },
          { account: 'member/li/hours', unit: 'HOUR', amount: '2.00' },
        ],
      });
      expect(await codeOf(ledger.reverse(part(c, 'r2', wang, issuance, '2.50')))).toBe(
        precedingRejection('reversal_exceeds_original', 'exceeds_lower_limit'),
      );
    });
  });
});
