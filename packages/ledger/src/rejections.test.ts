// Walks every rejection code in precedence order through the public Ledger API, proves the order pair by pair, and checks each named bound.
//
// The books are set up once per store with every state a rejection needs (a frozen account, a
// closed one, a reversed transaction, holds pending, voided and past their expiry); rejections
// change nothing, which the last test of the table checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from './ledger.js';
import { memoLengthMax, metadataBytesMax, operationsPerBatchMax, pageSizeMax, postingsPerTransactionMax } from './limits.js';
import { LedgerRejection, rejectionCodes, rejectionPrecedence, type RejectionCode } from './rejections.js';
import { storeFixtures, type OpenedStore } from './test-support.js';
import type { PostingInput, TransactionInput } from './transaction.js';
import type { HoldInput } from './hold.js';
import type { JsonObject } from './json.js';

const c = 'rejections';
const issuance = 'community/hours/issuance';
const wang = 'member/wang/hours';
const li = 'member/li/hours';
const sun = 'member/sun/hours';
const frozen = 'member/zhao/hours';
const closed = 'member/qian/hours';
const fund = 'fund/general/cny';
const nobody = 'member/nobody/hours';

const start = Date.parse('2026-03-01T02:00:00.000Z');
const hourMs = 3_600_000;

/** A posting of `amount` hours; the pair below moves one hour from li (available 3.00) to wang. */
function hours(account: string, amount: string): PostingInput {
  return { account, unit: 'HOUR', amount };
}

function transaction(over: Partial<Omit<TransactionInput, 'metadata'>> & { metadata?: unknown } = {}): TransactionInput {
  return {
    community: c,
    id: 'new-1',
    kind: 'hour_gift',
    actor: 'coord-1',
    postings: [hours(li, '-1.00'), hours(wang, '1.00')],
    ...over,
  } as TransactionInput;
}

function holdInput(over: Partial<HoldInput> = {}): HoldInput {
  return { community: c, id: 'hold-new', kind: 'service_credit', actor: 'li', from: li, to: wang, unit: 'HOUR', amount: '1.00', ...over };
}

/** A posting of `amount` hours that may not leave the account's available balance below `floor`. */
function floored(account: string, amount: string, floor: unknown): PostingInput {
  return { account, unit: 'HOUR', amount, floor: floor as string };
}

/** Sixty-five distinct postings that balance, or as many as asked. */
function manyPostings(count: number, account: (index: number) => string = (index) => `member/m${index}/hours`): PostingInput[] {
  return Array.from({ length: count }, (_, index) => hours(account(index), index === 0 ? `-${count - 1}.00` : '1.00'));
}

describe.each(storeFixtures())('rejections on the $name store', (fixture) => {
  let opened: OpenedStore;
  let ledger: Ledger;
  let nowMs = start;

  beforeAll(async () => {
    opened = await fixture.open();
    ledger = opened.ledger(() => new Date(nowMs));
    await ledger.createCommunity({ id: c, name: '拒绝社区' });
    await ledger.openAccount({ community: c, id: issuance, unit: 'HOUR', name: 'hours issued', lowerLimit: null });
    await ledger.openAccount({ community: c, id: wang, unit: 'HOUR', name: 'wang', upperLimit: '100.00' });
    for (const id of [li, frozen, closed]) await ledger.openAccount({ community: c, id, unit: 'HOUR', name: id });
    await ledger.openAccount({ community: c, id: sun, unit: 'HOUR', name: 'sun', upperLimit: '10.00' });
    await ledger.openAccount({ community: c, id: fund, unit: 'CNY', name: 'general fund', lowerLimit: null });
    await ledger.post({
      community: c,
      id: 'posted-1',
      kind: 'service_credit',
      actor: 'coord-1',
      postings: [hours(issuance, '-5.00'), hours(wang, '5.00')],
    });
    await ledger.post({
      community: c,
      id: 'posted-2',
      kind: 'service_credit',
      actor: 'coord-1',
      postings: [hours(issuance, '-5.00'), hours(li, '5.00')],
    });
    await ledger.post({
      community: c,
      id: 'sun-1',
      kind: 'service_credit',
      actor: 'coord-1',
      postings: [hours(issuance, '-10.00'), hours(sun, '10.00')],
    });
    await ledger.post({
      community: c,
      id: 'reversed-1',
      kind: 'service_credit',
      actor: 'coord-1',
      postings: [hours(issuance, '-1.00'), hours(wang, '1.00')],
    });
    await ledger.reverse({ community: c, id: 'reversal-1', reverses: 'reversed-1', actor: 'auditor-1' });
    await ledger.updateAccount(c, frozen, { status: 'frozen' });
    await ledger.updateAccount(c, closed, { status: 'closed' });
    const expiresAt = new Date(start + hourMs).toISOString();
    await ledger.createHold(holdInput({ id: 'hold-pending' }));
    await ledger.createHold(holdInput({ id: 'hold-expiring', expiresAt }));
    await ledger.createHold(holdInput({ id: 'hold-voided', expiresAt }));
    await ledger.createHold(holdInput({ id: 'hold-voided-open' }));
    for (const holdId of ['hold-voided', 'hold-voided-open']) await ledger.voidHold({ community: c, holdId, actor: 'li' });
    // Two hours on: hold-expiring is past its time but still pending (no one has expired it).
    nowMs = start + 2 * hourMs;
  });
  afterAll(async () => opened.close());

  async function codeOf(promise: Promise<unknown>): Promise<RejectionCode | 'accepted'> {
    try {
      await promise;
      return 'accepted';
    } catch (error) {
      if (!(error instanceof LedgerRejection)) throw error;
      return error.code;
    }
  }

  /** One input per code, in the order of `rejectionCodes`. */
  const cases: { code: RejectionCode; input: string; run: () => Promise<unknown> }[] = [
    { code: 'batch_empty', input: 'a linked batch of nothing', run: () => ledger.postLinked(c, []) },
    {
      code: 'batch_too_large',
      input: `a linked batch of ${operationsPerBatchMax + 1}`,
      run: () =>
        ledger.postLinked(
          c,
          Array.from({ length: operationsPerBatchMax + 1 }, (_, index) => transaction({ id: `b-${index}` })),
        ),
    },
    { code: 'page_size_invalid', input: 'a statement page of 0 lines', run: () => ledger.statement(c, wang, { limit: 0 }) },
    { code: 'cursor_invalid', input: 'a journal cursor the ledger never gave', run: () => ledger.journalPage(c, { cursor: 'abc' }) },
    { code: 'id_invalid', input: 'a transaction id with a space', run: () => ledger.post(transaction({ id: 'new 1' })) },
    { code: 'kind_invalid', input: 'a kind in camel case', run: () => ledger.post(transaction({ kind: 'hourGift' })) },
    { code: 'actor_invalid', input: 'an empty actor', run: () => ledger.post(transaction({ actor: '' })) },
    {
      code: 'name_invalid',
      input: 'an account with an empty name',
      run: () => ledger.openAccount({ community: c, id: 'member/new/hours', unit: 'HOUR', name: '' }),
    },
    { code: 'memo_invalid', input: 'a memo with a NUL character', run: () => ledger.post(transaction({ memo: 'a\u0000b' })) },
    {
      code: 'memo_too_long',
      input: `a memo of ${memoLengthMax + 1} characters`,
      run: () => ledger.post(transaction({ memo: '长'.repeat(memoLengthMax + 1) })),
    },
    {
      code: 'metadata_invalid',
      input: 'metadata holding a Date',
      run: () => ledger.post(transaction({ metadata: { at: new Date(start) } })),
    },
    {
      code: 'metadata_too_large',
      input: `metadata over ${metadataBytesMax} bytes`,
      run: () => ledger.post(transaction({ metadata: { note: '字'.repeat(1_400) } })),
    },
    {
      code: 'effective_at_invalid',
      input: 'an effective time without an offset',
      run: () => ledger.post(transaction({ effectiveAt: '2026-03-01T10:00:00' })),
    },
    {
      code: 'expires_at_invalid',
      input: 'a hold expiring in the past',
      run: () => ledger.createHold(holdInput({ expiresAt: '2026-03-01T00:00:00Z' })),
    },
    { code: 'postings_too_few', input: 'one posting', run: () => ledger.post(transaction({ postings: [hours(li, '-1.00')] })) },
    {
      code: 'postings_too_many',
      input: `${postingsPerTransactionMax + 1} postings`,
      run: () => ledger.post(transaction({ postings: manyPostings(postingsPerTransactionMax + 1) })),
    },
    {
      code: 'account_id_invalid',
      input: 'an account id with a space',
      run: () => ledger.post(transaction({ postings: [hours('member li', '-1.00'), hours(wang, '1.00')] })),
    },
    {
      code: 'account_repeated',
      input: 'one account twice',
      run: () => ledger.post(transaction({ postings: [hours(li, '-1.00'), hours(li, '1.00')] })),
    },
    {
      code: 'unit_not_found',
      input: 'a unit the community never defined',
      run: () =>
        ledger.post(
          transaction({
            postings: [
              { account: li, unit: 'ITEM:flour-kg', amount: '-1' },
              { account: wang, unit: 'ITEM:flour-kg', amount: '1' },
            ],
          }),
        ),
    },
    {
      code: 'amount_invalid',
      input: 'an amount in exponent notation',
      run: () => ledger.post(transaction({ postings: [hours(li, '-1e2'), hours(wang, '100')] })),
    },
    {
      code: 'amount_must_not_be_zero',
      input: 'a zero posting',
      run: () => ledger.post(transaction({ postings: [hours(li, '0.00'), hours(wang, '0.00')] })),
    },
    { code: 'amount_must_be_positive', input: 'a hold of a negative amount', run: () => ledger.createHold(holdInput({ amount: '-1.00' })) },
    {
      code: 'amount_scale_exceeded',
      input: 'hours to three places',
      run: () => ledger.post(transaction({ postings: [hours(li, '-1.005'), hours(wang, '1.005')] })),
    },
    {
      code: 'amount_exceeds_maximum',
      input: 'nineteen integer digits',
      run: () => ledger.post(transaction({ postings: [hours(li, `-1${'0'.repeat(18)}`), hours(wang, `1${'0'.repeat(18)}`)] })),
    },
    {
      code: 'unbalanced',
      input: 'postings that do not sum to zero',
      run: () => ledger.post(transaction({ postings: [hours(li, '-1.00'), hours(wang, '0.99')] })),
    },
    { code: 'accounts_must_differ', input: 'a hold from an account to itself', run: () => ledger.createHold(holdInput({ to: li })) },
    {
      code: 'community_not_found',
      input: 'a unit for a community that does not exist',
      run: () => ledger.defineUnit('nowhere', { code: 'ITEM:rice-5kg', scale: 0, name: '大米 5kg' }),
    },
    {
      code: 'id_reused_with_different_body',
      input: 'a stored transaction id with another amount',
      run: () => ledger.post(transaction({ id: 'posted-1' })),
    },
    {
      code: 'account_not_found',
      input: 'a posting to an account never opened',
      run: () => ledger.post(transaction({ postings: [hours(li, '-1.00'), hours(nobody, '1.00')] })),
    },
    {
      code: 'unit_mismatch',
      input: 'hours posted to a yuan account',
      run: () => ledger.post(transaction({ postings: [hours(li, '-1.00'), hours(fund, '1.00')] })),
    },
    {
      code: 'account_frozen',
      input: 'a posting to a frozen account',
      run: () => ledger.post(transaction({ postings: [hours(li, '-1.00'), hours(frozen, '1.00')] })),
    },
    {
      code: 'account_closed',
      input: 'a posting to a closed account',
      run: () => ledger.post(transaction({ postings: [hours(li, '-1.00'), hours(closed, '1.00')] })),
    },
    {
      code: 'transaction_not_found',
      input: 'a reversal of nothing',
      run: () => ledger.reverse({ community: c, id: 'reversal-new', reverses: 'missing-1', actor: 'auditor-1' }),
    },
    {
      code: 'reversal_not_reversible',
      input: 'a reversal of a reversal',
      run: () => ledger.reverse({ community: c, id: 'reversal-new', reverses: 'reversal-1', actor: 'auditor-1' }),
    },
    {
      code: 'already_reversed',
      input: 'a second full reversal',
      run: () => ledger.reverse({ community: c, id: 'reversal-new', reverses: 'reversed-1', actor: 'auditor-1' }),
    },
    {
      code: 'reversal_exceeds_original',
      input: 'a partial reversal of more than was posted',
      run: () =>
        ledger.reverse({
          community: c,
          id: 'reversal-new',
          reverses: 'posted-1',
          actor: 'auditor-1',
          postings: [hours(wang, '-5.01'), hours(issuance, '5.01')],
        }),
    },
    {
      code: 'hold_not_found',
      input: 'posting a hold never created',
      run: () => ledger.postHold({ community: c, holdId: 'hold-missing', transactionId: 'hold-post-new', actor: 'coord-1' }),
    },
    {
      code: 'hold_not_pending',
      input: 'posting a voided hold',
      run: () => ledger.postHold({ community: c, holdId: 'hold-voided', transactionId: 'hold-post-new', actor: 'coord-1' }),
    },
    {
      code: 'hold_expired',
      input: 'posting a hold past its expiry',
      run: () => ledger.postHold({ community: c, holdId: 'hold-expiring', transactionId: 'hold-post-new', actor: 'coord-1' }),
    },
    {
      code: 'amount_exceeds_hold',
      input: 'posting more than was held',
      run: () =>
        ledger.postHold({ community: c, holdId: 'hold-pending', transactionId: 'hold-post-new', actor: 'coord-1', amount: '1.01' }),
    },
    {
      code: 'exceeds_lower_limit',
      input: 'spending more than is available (held hours count)',
      run: () => ledger.post(transaction({ postings: [hours(li, '-3.01'), hours(wang, '3.01')] })),
    },
    {
      code: 'exceeds_floor',
      input: 'spending down below the transaction’s floor (held hours count)',
      run: () => ledger.post(transaction({ postings: [floored(li, '-2.00', '1.50'), hours(wang, '2.00')] })),
    },
    {
      code: 'exceeds_upper_limit',
      input: 'raising an account above its upper limit',
      run: () => ledger.post(transaction({ postings: [hours(issuance, '-0.01'), hours(sun, '0.01')] })),
    },
    {
      code: 'account_not_empty',
      input: 'closing an account with a balance',
      run: () => ledger.updateAccount(c, wang, { status: 'closed' }),
    },
  ];

  it('has one case per rejection code, in the order of rejectionCodes', () => {
    expect(cases.map((entry) => entry.code)).toEqual([...rejectionCodes]);
  });

  it.each(cases)('$code: $input', async ({ code, run }) => {
    expect(await codeOf(run())).toBe(code);
  });

  /**
   * Adjacent codes where one input can have both problems: `make(first, second)` builds an input
   * with the earlier problem, the later one, or both; with both, the earlier code wins.
   */
  const pairs: { first: RejectionCode; second: RejectionCode; make: (first: boolean, second: boolean) => Promise<unknown> }[] = [
    {
      first: 'batch_too_large',
      second: 'id_invalid',
      make: (a, b) =>
        ledger.postLinked(
          c,
          Array.from({ length: a ? operationsPerBatchMax + 1 : 1 }, (_, index) =>
            transaction({ id: b ? `b ${index}` : `b-${index}`, postings: [hours(li, '-9.00'), hours(wang, '9.00')] }),
          ),
        ),
    },
    {
      first: 'page_size_invalid',
      second: 'cursor_invalid',
      make: (a, b) => ledger.statement(c, wang, { limit: a ? pageSizeMax + 1 : 10, cursor: b ? '-1' : null }),
    },
    {
      first: 'id_invalid',
      second: 'kind_invalid',
      make: (a, b) => ledger.post(transaction({ id: a ? '' : 'new-1', kind: b ? 'Gift' : 'hour_gift' })),
    },
    {
      first: 'kind_invalid',
      second: 'actor_invalid',
      make: (a, b) => ledger.post(transaction({ kind: a ? 'Gift' : 'hour_gift', actor: b ? 'coord 1' : 'coord-1' })),
    },
    {
      first: 'id_invalid',
      second: 'name_invalid',
      make: (a, b) =>
        ledger.openAccount({
          community: c,
          id: 'member/new/hours',
          unit: 'HOUR',
          name: b ? '' : 'new',
          ownerRef: a ? 'owner 1' : 'owner-1',
        }),
    },
    {
      first: 'metadata_too_large',
      second: 'account_id_invalid',
      make: (a, b) =>
        ledger.openAccount({
          community: c,
          id: b ? 'member new' : 'member/new/hours',
          unit: 'HOUR',
          name: 'new',
          metadata: { note: 'x'.repeat(a ? metadataBytesMax : 1) },
        }),
    },
    {
      first: 'name_invalid',
      second: 'metadata_invalid',
      make: (a, b) =>
        ledger.openAccount({
          community: c,
          id: 'member/new/hours',
          unit: 'HOUR',
          name: a ? '' : 'new',
          metadata: (b ? { n: Number.NaN } : {}) as JsonObject,
        }),
    },
    {
      first: 'memo_invalid',
      second: 'memo_too_long',
      make: (a, b) => ledger.post(transaction({ memo: `${a ? '\u0000' : 'x'}${'x'.repeat(b ? memoLengthMax : 1)}` })),
    },
    {
      first: 'memo_too_long',
      second: 'metadata_invalid',
      make: (a, b) =>
        ledger.post(transaction({ memo: 'x'.repeat(a ? memoLengthMax + 1 : 1), metadata: b ? { n: Number.POSITIVE_INFINITY } : {} })),
    },
    {
      first: 'metadata_invalid',
      second: 'metadata_too_large',
      make: (a, b) =>
        ledger.post(transaction({ metadata: { note: 'x'.repeat(b ? metadataBytesMax : 1), ...(a ? { at: new Date(start) } : {}) } })),
    },
    {
      first: 'metadata_too_large',
      second: 'effective_at_invalid',
      make: (a, b) =>
        ledger.post(
          transaction({ metadata: { note: 'x'.repeat(a ? metadataBytesMax : 1) }, effectiveAt: b ? 'today' : '2026-03-01T10:00:00+08:00' }),
        ),
    },
    {
      first: 'metadata_too_large',
      second: 'expires_at_invalid',
      make: (a, b) =>
        ledger.createHold(
          holdInput({
            metadata: { note: 'x'.repeat(a ? metadataBytesMax : 1) },
            expiresAt: b ? '2020-01-01T00:00:00Z' : '2030-01-01T00:00:00Z',
          }),
        ),
    },
    {
      first: 'expires_at_invalid',
      second: 'account_id_invalid',
      make: (a, b) => ledger.createHold(holdInput({ expiresAt: a ? 'soon' : '2030-01-01T00:00:00Z', to: b ? 'wang!' : wang })),
    },
    {
      first: 'effective_at_invalid',
      second: 'postings_too_few',
      make: (a, b) =>
        ledger.post(
          transaction({
            effectiveAt: a ? '2026-02-30' : '2026-02-28T00:00:00Z',
            postings: b ? [hours(li, '-1.00')] : [hours(li, '-1.00'), hours(wang, '1.00')],
          }),
        ),
    },
    {
      first: 'postings_too_many',
      second: 'account_id_invalid',
      make: (a, b) =>
        ledger.post(
          transaction({
            postings: manyPostings(a ? postingsPerTransactionMax + 1 : 3, (index) => (b && index === 1 ? 'm 1' : `member/m${index}/hours`)),
          }),
        ),
    },
    {
      first: 'account_id_invalid',
      second: 'account_repeated',
      make: (a, b) =>
        ledger.post(transaction({ postings: [hours(li, '-1.00'), hours(b ? li : wang, '0.50'), hours(a ? 'sun!' : sun, '0.50')] })),
    },
    {
      first: 'account_repeated',
      second: 'unit_not_found',
      make: (a, b) =>
        ledger.post(
          transaction({ postings: [hours(li, '-1.00'), { account: a ? li : wang, unit: b ? 'MINUTE' : 'HOUR', amount: '1.00' }] }),
        ),
    },
    {
      first: 'unit_not_found',
      second: 'amount_invalid',
      make: (a, b) =>
        ledger.post(
          transaction({ postings: [hours(li, b ? '-1.0.0' : '-1.00'), { account: wang, unit: a ? 'MINUTE' : 'HOUR', amount: '1.00' }] }),
        ),
    },
    {
      first: 'amount_invalid',
      second: 'amount_must_not_be_zero',
      make: (a, b) => ledger.post(transaction({ postings: [hours(li, b ? '0.00' : '-1.00'), hours(wang, a ? ' 1.00' : '1.00')] })),
    },
    {
      first: 'amount_must_not_be_zero',
      second: 'amount_must_be_positive',
      make: (a, b) => ledger.createHold(holdInput({ amount: `${b ? '-' : ''}${a ? '0.00' : '1.00'}` })),
    },
    {
      first: 'amount_must_be_positive',
      second: 'amount_scale_exceeded',
      make: (a, b) => ledger.createHold(holdInput({ amount: `${a ? '-' : ''}${b ? '1.001' : '1.00'}` })),
    },
    {
      first: 'amount_scale_exceeded',
      second: 'amount_exceeds_maximum',
      make: (a, b) =>
        ledger.post(
          transaction({
            postings: [hours(li, b ? `-1${'0'.repeat(18)}` : '-1.00'), hours(wang, a ? '0.005' : '0.50'), hours(sun, '0.50')],
          }),
        ),
    },
    {
      first: 'amount_exceeds_maximum',
      second: 'unbalanced',
      make: (a, b) =>
        ledger.post(transaction({ postings: [hours(li, a ? `-1${'0'.repeat(18)}` : '-1.00'), hours(wang, b ? '0.99' : '1.00')] })),
    },
    {
      first: 'id_reused_with_different_body',
      second: 'account_not_found',
      make: (a, b) =>
        ledger.post(transaction({ id: a ? 'posted-1' : 'new-1', postings: [hours(li, '-1.00'), hours(b ? nobody : wang, '1.00')] })),
    },
    {
      first: 'account_not_found',
      second: 'unit_mismatch',
      make: (a, b) =>
        ledger.post(transaction({ postings: [hours(li, '-1.00'), hours(b ? fund : wang, '0.50'), hours(a ? nobody : sun, '0.50')] })),
    },
    {
      first: 'unit_mismatch',
      second: 'account_frozen',
      make: (a, b) =>
        ledger.post(transaction({ postings: [hours(li, '-1.00'), hours(b ? frozen : wang, '0.50'), hours(a ? fund : issuance, '0.50')] })),
    },
    {
      first: 'account_frozen',
      second: 'account_closed',
      make: (a, b) =>
        ledger.post(
          transaction({ postings: [hours(li, '-1.00'), hours(b ? closed : wang, '0.50'), hours(a ? frozen : issuance, '0.50')] }),
        ),
    },
    {
      first: 'account_closed',
      second: 'transaction_not_found',
      make: (a, b) =>
        ledger.reverse({
          community: c,
          id: 'reversal-new',
          reverses: b ? 'missing-1' : 'posted-1',
          actor: 'auditor-1',
          postings: [hours(wang, '-1.00'), hours(a ? closed : issuance, '1.00')],
        }),
    },
    {
      first: 'id_invalid',
      second: 'transaction_not_found',
      make: (a, b) =>
        ledger.reverse({
          community: c,
          id: a ? 'reversal new' : 'reversal-new',
          reverses: b ? 'missing-1' : 'posted-1',
          actor: 'auditor-1',
          postings: [hours(wang, '-1.00'), hours(a ? 'sun!' : issuance, '1.00')],
        }),
    },
    {
      first: 'id_reused_with_different_body',
      second: 'transaction_not_found',
      make: (a, b) =>
        ledger.reverse({ community: c, id: a ? 'posted-2' : 'reversal-new', reverses: b ? 'missing-1' : 'posted-1', actor: 'auditor-1' }),
    },
    {
      first: 'already_reversed',
      second: 'reversal_exceeds_original',
      make: (a, b) =>
        ledger.reverse({
          community: c,
          id: 'reversal-new',
          reverses: a ? 'reversed-1' : 'posted-1',
          actor: 'auditor-1',
          postings: b ? [hours(issuance, '-0.50'), hours(wang, '0.50')] : [hours(issuance, '0.50'), hours(wang, '-0.50')],
        }),
    },
    {
      first: 'amount_invalid',
      second: 'hold_not_found',
      make: (a, b) =>
        ledger.postHold({
          community: c,
          holdId: b ? 'hold-missing' : 'hold-pending',
          transactionId: 'hold-post-new',
          actor: 'coord-1',
          amount: a ? '1e0' : '1.00',
        }),
    },
    {
      first: 'id_reused_with_different_body',
      second: 'hold_not_found',
      make: (a, b) =>
        ledger.postHold({
          community: c,
          holdId: b ? 'hold-missing' : 'hold-pending',
          transactionId: a ? 'posted-1' : 'hold-post-new',
          actor: 'coord-1',
        }),
    },
    {
      first: 'hold_not_pending',
      second: 'hold_expired',
      make: (a, b) =>
        ledger.postHold({
          community: c,
          holdId: a ? (b ? 'hold-voided' : 'hold-voided-open') : 'hold-expiring',
          transactionId: 'hold-post-new',
          actor: 'coord-1',
        }),
    },
    {
      first: 'hold_expired',
      second: 'amount_exceeds_hold',
      make: (a, b) =>
        ledger.postHold({
          community: c,
          holdId: a ? 'hold-expiring' : 'hold-pending',
          transactionId: 'hold-post-new',
          actor: 'coord-1',
          amount: b ? '1.01' : '1.00',
        }),
    },
    {
      first: 'exceeds_lower_limit',
      second: 'exceeds_upper_limit',
      make: (a, b) =>
        ledger.post(
          transaction({ postings: [hours(a ? li : issuance, a ? '-3.01' : '-0.01'), hours(b ? sun : wang, a ? '3.01' : '0.01')] }),
        ),
    },
    {
      first: 'exceeds_lower_limit',
      second: 'exceeds_floor',
      make: (a, b) =>
        ledger.post(
          transaction({ postings: [floored(li, a ? '-3.01' : '-1.00', b ? '2.50' : '-5.00'), hours(wang, a ? '3.01' : '1.00')] }),
        ),
    },
    {
      first: 'exceeds_floor',
      second: 'exceeds_upper_limit',
      make: (a, b) => ledger.post(transaction({ postings: [floored(li, '-1.00', a ? '2.50' : '-5.00'), hours(b ? sun : wang, '1.00')] })),
    },
    {
      first: 'exceeds_lower_limit',
      second: 'exceeds_floor',
      make: (a, b) => ledger.createHold(holdInput({ amount: a ? '3.01' : '1.00', floor: b ? '2.50' : '-5.00' })),
    },
    {
      first: 'exceeds_floor',
      second: 'exceeds_upper_limit',
      make: (a, b) => ledger.createHold(holdInput({ floor: a ? '2.50' : '-5.00', to: b ? sun : wang })),
    },
    {
      first: 'exceeds_upper_limit',
      second: 'account_not_empty',
      make: (a, b) => ledger.updateAccount(c, sun, { upperLimit: a ? '9.99' : '10.00', ...(b ? { status: 'closed' as const } : {}) }),
    },
  ];

  it('lists the pairs in precedence order', () => {
    for (const { first, second } of pairs)
      expect(rejectionPrecedence(first), `${first} before ${second}`).toBeLessThan(rejectionPrecedence(second));
  });

  it.each(pairs)('$first comes before $second', async ({ first, second, make }) => {
    expect(await codeOf(make(true, false))).toBe(first);
    expect(await codeOf(make(false, true))).toBe(second);
    expect(await codeOf(make(true, true))).toBe(first);
  });

  /** A floor is an amount of its posting's (or hold's) unit, zero and negative too, checked with the amounts. */
  const floorShapes: { input: string; run: () => Promise<unknown>; code: RejectionCode }[] = [
    {
      input: 'a floor in exponent notation',
      run: () => ledger.post(transaction({ postings: [floored(li, '-1.00', '1e0'), hours(wang, '1.00')] })),
      code: 'amount_invalid',
    },
    {
      input: 'a floor given as a number',
      run: () => ledger.post(transaction({ postings: [floored(li, '-1.00', 1), hours(wang, '1.00')] })),
      code: 'amount_invalid',
    },
    {
      input: 'a floor to three places',
      run: () => ledger.post(transaction({ postings: [floored(li, '-1.00', '0.005'), hours(wang, '1.00')] })),
      code: 'amount_scale_exceeded',
    },
    {
      input: 'a zero floor written to three places',
      run: () => ledger.post(transaction({ postings: [floored(li, '-1.00', '0.000'), hours(wang, '1.00')] })),
      code: 'amount_scale_exceeded',
    },
    {
      input: 'a floor of nineteen integer digits',
      run: () => ledger.post(transaction({ postings: [floored(li, '-1.00', `-1${'0'.repeat(18)}`), hours(wang, '1.00')] })),
      code: 'amount_exceeds_maximum',
    },
    {
      input: 'an invalid floor on one posting, an amount past the scale on another',
      run: () => ledger.post(transaction({ postings: [hours(li, '-1.005'), floored(wang, '1.005', 'x')] })),
      code: 'amount_invalid',
    },
    {
      input: 'a floor past the scale in postings that do not balance',
      run: () => ledger.post(transaction({ postings: [floored(li, '-1.00', '0.001'), hours(wang, '0.99')] })),
      code: 'amount_scale_exceeded',
    },
    {
      input: 'a floor of zero, well-formed: the account is what is missing',
      run: () => ledger.post(transaction({ postings: [floored(li, '-1.00', '0'), hours(nobody, '1.00')] })),
      code: 'account_not_found',
    },
    {
      input: 'a negative floor, well-formed: the account is what is missing',
      run: () => ledger.post(transaction({ postings: [floored(li, '-1.00', '-0.50'), hours(nobody, '1.00')] })),
      code: 'account_not_found',
    },
    {
      input: 'a floor on a posting that raises the balance bounds nothing: the upper limit is what refuses',
      run: () => ledger.post(transaction({ postings: [hours(issuance, '-0.01'), floored(sun, '0.01', '1000.00')] })),
      code: 'exceeds_upper_limit',
    },
    {
      input: 'a hold with a floor to three places',
      run: () => ledger.createHold(holdInput({ floor: '0.001' })),
      code: 'amount_scale_exceeded',
    },
    {
      input: 'a hold of a negative amount with an invalid floor',
      run: () => ledger.createHold(holdInput({ amount: '-1.00', floor: '1e0' })),
      code: 'amount_invalid',
    },
    {
      input: 'a hold with an invalid amount and a floor past the scale',
      run: () => ledger.createHold(holdInput({ amount: '1e0', floor: '0.001' })),
      code: 'amount_invalid',
    },
    {
      input: 'a hold from an account to itself with a good floor',
      run: () => ledger.createHold(holdInput({ to: li, floor: '0.00' })),
      code: 'accounts_must_differ',
    },
  ];

  it.each(floorShapes)('floor shape: $input → $code', async ({ run, code }) => {
    expect(await codeOf(run())).toBe(code);
  });

  it('names an amount past its scale as the client wrote it: the positive posting of the pair', async () => {
    const refusal: unknown = await ledger
      .post(transaction({ postings: [hours(li, '-1.005'), hours(wang, '1.005')] }))
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LedgerRejection);
    expect((refusal as LedgerRejection).detail).toBe('posting 1: amount 1.005 has more than 2 decimal places');
  });

  it('changed nothing: the journal, the balances and the holds are as set up', async () => {
    expect(await ledger.verify(c)).toMatchObject({ ok: true, transactions: 5 });
    expect(await ledger.trialBalance(c)).toEqual([
      { unit: 'CNY', debit: '0.00', credit: '0.00', net: '0.00', accounts: 1 },
      { unit: 'HOUR', debit: '-20.00', credit: '20.00', net: '0.00', accounts: 6 },
    ]);
    expect(await ledger.balance(c, li)).toMatchObject({ balance: '5.00', available: '3.00', held: '2.00' });
    expect((await ledger.listHolds(c)).items.map((hold) => `${hold.id} ${hold.status}`)).toEqual([
      'hold-expiring pending',
      'hold-pending pending',
      'hold-voided voided',
      'hold-voided-open voided',
    ]);
  });
});

describe.each(storeFixtures())('named bounds on the $name store', (fixture) => {
  let opened: OpenedStore;
  let ledger: Ledger;
  const b = 'bounds';

  beforeAll(async () => {
    opened = await fixture.open();
    ledger = opened.ledger();
    await ledger.createCommunity({ id: b, name: '边界' });
    await ledger.openAccount({ community: b, id: issuance, unit: 'HOUR', name: 'hours issued', lowerLimit: null });
    for (let index = 0; index < postingsPerTransactionMax; index += 1) {
      await ledger.openAccount({ community: b, id: `member/m${index}/hours`, unit: 'HOUR', name: `m${index}`, lowerLimit: null });
    }
  });
  afterAll(async () => opened.close());

  function gift(id: string, over: Partial<Omit<TransactionInput, 'metadata'>> & { metadata?: JsonObject } = {}): TransactionInput {
    return {
      community: b,
      id,
      kind: 'hour_gift',
      actor: 'coord-1',
      postings: [hours(issuance, '-0.01'), hours('member/m1/hours', '0.01')],
      ...over,
    };
  }

  async function codeOf(promise: Promise<unknown>): Promise<RejectionCode | 'accepted'> {
    try {
      await promise;
      return 'accepted';
    } catch (error) {
      if (!(error instanceof LedgerRejection)) throw error;
      return error.code;
    }
  }

  it(`takes ${postingsPerTransactionMax} postings in a transaction and refuses one more`, async () => {
    const postings = manyPostings(postingsPerTransactionMax);
    expect(await codeOf(ledger.post(gift('postings-max', { postings })))).toBe('accepted');
    expect(await codeOf(ledger.post(gift('postings-over', { postings: [...postings, hours(issuance, '0.01')] })))).toBe(
      'postings_too_many',
    );
  });

  it(`takes ${operationsPerBatchMax} transactions in a linked batch and refuses one more`, async () => {
    const batch = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => gift(`${prefix}-${index}`));
    expect(await codeOf(ledger.postLinked(b, batch('batch-over', operationsPerBatchMax + 1)))).toBe('batch_too_large');
    const posted = await ledger.postLinked(b, batch('batch-max', operationsPerBatchMax));
    expect(posted).toHaveLength(operationsPerBatchMax);
  });

  it(`takes ${metadataBytesMax} bytes of metadata (UTF-8) and refuses one more`, async () => {
    // {"note":"…"} is 11 bytes around the text; 字 is 3 bytes in UTF-8.
    const note = `${'字'.repeat(1_361)}${'x'.repeat(metadataBytesMax - 11 - 3 * 1_361)}`;
    expect(await codeOf(ledger.post(gift('metadata-max', { metadata: { note } })))).toBe('accepted');
    expect((await ledger.getTransaction(b, 'metadata-max'))?.metadata).toEqual({ note });
    expect(await codeOf(ledger.post(gift('metadata-over', { metadata: { note: `${note}x` } })))).toBe('metadata_too_large');
  });

  it(`takes a memo of ${memoLengthMax} characters and refuses one more`, async () => {
    const memo = '备'.repeat(memoLengthMax);
    expect(await codeOf(ledger.post(gift('memo-max', { memo })))).toBe('accepted');
    expect((await ledger.getTransaction(b, 'memo-max'))?.memo).toBe(memo);
    expect(await codeOf(ledger.post(gift('memo-over', { memo: `${memo}备` })))).toBe('memo_too_long');
  });

  it(`pages up to ${pageSizeMax} rows and refuses a larger page`, async () => {
    const reads = [
      (limit: number) => ledger.statement(b, issuance, { limit }),
      (limit: number) => ledger.journalPage(b, { limit }),
      (limit: number) => ledger.listAccounts(b, { limit }),
      (limit: number) => ledger.listHolds(b, { limit }),
    ];
    for (const read of reads) {
      expect(await codeOf(read(pageSizeMax))).toBe('accepted');
      expect(await codeOf(read(pageSizeMax + 1))).toBe('page_size_invalid');
      expect(await codeOf(read(0))).toBe('page_size_invalid');
      expect(await codeOf(read(1.5))).toBe('page_size_invalid');
    }
    expect((await ledger.journalPage(b, { limit: pageSizeMax })).items).toHaveLength(pageSizeMax);
  });
});
