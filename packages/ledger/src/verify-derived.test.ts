// verify also checks what is kept beside the hash chain: posting copies and account sums.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from './ledger.js';
import { pgliteFixture, postgresFixture, serverUrl, type OpenedStore } from './test-support.js';

const url = serverUrl();
const fixtures = [pgliteFixture, ...(url === undefined ? [] : [postgresFixture(url)])];

describe.each(fixtures)('verify on $name finds changes the chain does not cover', (fixture) => {
  let opened: OpenedStore;
  let ledger: Ledger;
  let serial = 0;

  beforeAll(async () => {
    opened = await fixture.open();
    ledger = opened.ledger();
  });
  afterAll(async () => opened.close());

  async function community(): Promise<string> {
    serial += 1;
    const c = `derived-${serial}`;
    await ledger.createCommunity({ id: c, name: c });
    await ledger.openAccount({ community: c, id: 'issuance', unit: 'HOUR', name: 'issuance', lowerLimit: null });
    await ledger.openAccount({ community: c, id: 'wang', unit: 'HOUR', name: 'wang' });
    await ledger.openAccount({ community: c, id: 'li', unit: 'HOUR', name: 'li' });
    for (const [id, amount] of [
      ['t1', '2.00'],
      ['t2', '3.50'],
    ] as const) {
      await ledger.post({
        community: c,
        id,
        kind: 'service_credit',
        actor: 'coord',
        effectiveAt: '2026-10-01T09:00:00+08:00',
        postings: [
          { account: 'issuance', unit: 'HOUR', amount: `-${amount}` },
          { account: 'wang', unit: 'HOUR', amount },
        ],
      });
    }
    await ledger.createHold({
      community: c,
      id: 'h1',
      kind: 'service_credit',
      actor: 'wang',
      from: 'wang',
      to: 'li',
      unit: 'HOUR',
      amount: '1.00',
    });
    expect(await ledger.verify(c)).toMatchObject({ ok: true, transactions: 2 });
    return c;
  }

  /** Changes a row as a superuser would, around the triggers that refuse it. */
  async function tamper(statement: string, bindings: unknown[]): Promise<void> {
    const sql = opened.sql as NonNullable<OpenedStore['sql']>;
    const literal = statement.replaceAll('?', () => `'${String(bindings.shift()).replaceAll("'", "''")}'`);
    await sql(`do $$ begin perform set_config('session_replication_role', 'replica', true); ${literal}; end $$`);
  }

  it('names the transaction whose posting effective time was moved (it would move past balances)', async () => {
    const c = await community();
    await tamper(`update ledger_postings set effective_at = effective_at - interval '30 days' where community_id = ? and seq = 2`, [c]);
    expect(await ledger.verify(c)).toMatchObject({ ok: false, firstBad: { seq: 2, id: 't2', reason: 'posting_mismatch' } });
  });

  it('names the account whose stored balance no longer equals the sum of its postings', async () => {
    const c = await community();
    await tamper(`update ledger_accounts set balance = balance + 1 where community_id = ? and id = 'wang'`, [c]);
    expect(await ledger.verify(c)).toMatchObject({ ok: false, firstBad: { id: 'wang', reason: 'account_mismatch' } });
  });

  it('names the account whose held amount no longer equals its pending holds', async () => {
    const c = await community();
    await tamper(`update ledger_accounts set held = 0 where community_id = ? and id = 'wang'`, [c]);
    expect(await ledger.verify(c)).toMatchObject({ ok: false, firstBad: { id: 'wang', reason: 'account_mismatch' } });
  });
});
