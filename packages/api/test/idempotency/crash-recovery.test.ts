// A writing request cut off at the worst moment — after its postings, before its answer is
// stored — and then retried with the same Idempotency-Key: the retry gets the one true outcome
// at once (or within the lease, for a transfer between communities), and nothing is posted twice.
// The cut is made by the database itself: a trigger that fails (or ends the connection) exactly
// when the answer is being stored or the next step is being written.
import { books } from '@linli/ledger';
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Principal } from '../../src/auth/roles.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { createMember } from '../../src/workflows/members.js';
import { describeOnDatabases, otherCommunity, type TestApp } from '../test-support/test-app.js';
import { finishInterruptedTransfers } from '../../src/workflows/clearing-transfers.js';
import { keyDigest } from '../../src/workflows/ledger-ids.js';
import { hashRequest, idempotencyLeaseMs } from '../../src/idempotency/idempotency-keys.js';

const { accountIds, serviceCredit } = books;
const community = 'xianlin';

interface Person {
  id: string;
  token: string;
}

async function newMember(app: TestApp, username: string, banked: string): Promise<Person> {
  const coordinator: Principal = { userId: app.demoUsers.get('coordinator') ?? '', role: 'coordinator', community, tokenId: 'test' };
  const member = await createMember(app.deps, coordinator, { username, displayName: username, password: demoPassword });
  await app.deps.ledger.post(
    serviceCredit({ community, id: `crash/credit/${username}`, actor: 'test', volunteer: member.id, payer: 'issuance', hours: banked }),
  );
  return { id: member.id, token: `Bearer ${await app.tokenFor({ community, username })}` };
}

/** A trigger that raises (or, with `terminate`, ends its own connection) when `condition` holds for a new or changed row of `table`. */
async function breakOn(
  app: TestApp,
  name: string,
  table: string,
  event: 'insert' | 'update',
  condition: string,
  terminate = false,
): Promise<() => Promise<void>> {
  const action = terminate ? 'perform pg_terminate_backend(pg_backend_pid());' : `raise exception 'cut off by the test (${name})';`;
  await app.deps.knex.raw(
    `create function test_${name}() returns trigger language plpgsql as $$ begin if ${condition} then ${action} end if; return new; end $$`,
  );
  await app.deps.knex.raw(`create trigger test_${name} before ${event} on ${table} for each row execute function test_${name}()`);
  return async () => {
    await app.deps.knex.raw(`drop trigger test_${name} on ${table}`);
    await app.deps.knex.raw(`drop function test_${name}()`);
  };
}

async function keyRow(app: TestApp, userId: string, key: string): Promise<{ state: string } | undefined> {
  return app.deps.knex('idempotency_keys').select('state').where({ community_id: community, user_id: userId, key }).first();
}

async function balanceOf(app: TestApp, account: string, where = community): Promise<string | undefined> {
  return (await app.deps.ledger.balance(where, account))?.balance;
}

describeOnDatabases('a request cut off between its work and its answer', (handle) => {
  let giver: Person;
  let receiver: Person;
  const gift = (key: string, hours: string) =>
    handle
      .get()
      .http()
      .post('/api/v1/gifts')
      .set('Authorization', giver.token)
      .set('Idempotency-Key', key)
      .send({ to: { member: receiver.id }, hours });
  const giftsPosted = async (key: string) => {
    const id = `gift/${giver.id}/${keyDigest(key)}`;
    return (await handle.get().deps.ledger.getTransaction(community, id)) === undefined ? 0 : 1;
  };

  beforeAll(async () => {
    giver = await newMember(handle.get(), 'crash-giver', '10.00');
    receiver = await newMember(handle.get(), 'crash-receiver', '0.50');
  });

  it('keeps nothing of a gift whose answer could not be stored, and its retry posts it exactly once', async () => {
    const app = handle.get();
    const repair = await breakOn(app, 'answer_lost', 'idempotency_keys', 'update', `new.key = 'cut-answer'`);
    const cut = await gift('cut-answer', '1.00');
    expect(cut.status).toBeGreaterThanOrEqual(500);
    // Nothing of it was kept: no posting, no key, the balance unmoved.
    expect(await giftsPosted('cut-answer')).toBe(0);
    expect(await keyRow(app, giver.id, 'cut-answer')).toBeUndefined();
    expect(await balanceOf(app, accountIds.memberHours(giver.id))).toBe('10.00');
    await repair();

    const retry = await gift('cut-answer', '1.00');
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const again = await gift('cut-answer', '1.00');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(retry.body);
    expect(await giftsPosted('cut-answer')).toBe(1);
    expect(await balanceOf(app, accountIds.memberHours(giver.id))).toBe('9.00');
  });

  it('keeps nothing of a gift whose database connection ended before it committed (PostgreSQL)', async (context) => {
    const app = handle.get();
    if (app.kind !== 'postgres') context.skip('PGlite has no connection to end');
    const before = await balanceOf(app, accountIds.memberHours(giver.id));
    const repair = await breakOn(app, 'connection_lost', 'idempotency_keys', 'update', `new.key = 'cut-connection'`, true);
    const cut = await gift('cut-connection', '0.50');
    expect(cut.status).toBeGreaterThanOrEqual(500);
    await repair();
    expect(await giftsPosted('cut-connection')).toBe(0);
    expect(await keyRow(app, giver.id, 'cut-connection')).toBeUndefined();
    const retry = await gift('cut-connection', '0.50');
    expect(retry.status).toBe(201);
    expect(await giftsPosted('cut-connection')).toBe(1);
    expect(await balanceOf(app, accountIds.memberHours(giver.id))).toBe((Number(before) - 0.5).toFixed(2));
  });

  it('takes over a claim that a dead request left in flight and answers with the gift it had posted', async () => {
    const app = handle.get();
    // What a process killed between its posting and its answer leaves under a claim committed
    // on its own (as resumable routes claim): the gift posted, the key in flight.
    const first = await gift('left-in-flight', '0.25');
    expect(first.status).toBe(201);
    await app.deps
      .knex('idempotency_keys')
      .where({ community_id: community, user_id: giver.id, key: 'left-in-flight' })
      .update({ state: 'in_flight', response_status: null, response_body: null, created_at: new Date() });
    const balance = await balanceOf(app, accountIds.memberHours(giver.id));

    const early = await gift('left-in-flight', '0.25');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('idempotency_key_in_flight');
    expect(Number(early.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(early.headers['retry-after'])).toBeLessThanOrEqual(idempotencyLeaseMs / 1000);

    const later = laterApp(app, idempotencyLeaseMs + 1_000);
    const retry = await later
      .post('/api/v1/gifts')
      .set('Authorization', giver.token)
      .set('Idempotency-Key', 'left-in-flight')
      .send({ to: { member: receiver.id }, hours: '0.25' });
    expect(retry.status).toBe(201);
    expect(retry.body.transactionId).toBe(first.body.transactionId);
    expect(await giftsPosted('left-in-flight')).toBe(1);
    expect(await balanceOf(app, accountIds.memberHours(giver.id))).toBe(balance);
    expect(await keyRow(app, giver.id, 'left-in-flight')).toEqual({ state: 'completed' });
  });

  describe('a transfer between communities (its steps commit one by one)', () => {
    let sender: Person;
    const otherMember = () => handle.get().otherUsers.get('member') ?? '';
    /** The transfer id the sender's request with this key names (crypto/pseudonyms.ts). */
    const transferIdFor = (key: string): string => handle.get().deps.pseudonyms.transferIds(community, sender.id, key)[0] ?? '';
    const credits = async (key: string) => {
      const id = `${transferIdFor(key)}/credit`;
      return (await handle.get().deps.ledger.getTransaction(otherCommunity, id)) === undefined ? 0 : 1;
    };

    beforeAll(async () => {
      sender = await newMember(handle.get(), 'crash-sender', '6.00');
    });

    it('resumes a transfer cut off after its hold: the retry settles it once', async () => {
      const app = handle.get();
      const receiverBefore = (await balanceOf(app, accountIds.memberHours(otherMember()), otherCommunity)) ?? '0';
      const repair = await breakOn(
        app,
        'credit_lost',
        'ledger_transactions',
        'insert',
        `new.community_id = '${otherCommunity}' and new.memo = 'cut-credit'`,
      );
      const cut = await app
        .http()
        .post('/api/v1/clearing/transfers')
        .set('Authorization', sender.token)
        .set('Idempotency-Key', 'cut-credit')
        .send({ toCommunity: otherCommunity, toMember: otherMember(), hours: '1.00', memo: 'cut-credit' });
      expect(cut.status).toBeGreaterThanOrEqual(500);
      await repair();
      // The hold is kept (step 1 committed); the sender's hours are held, not lost.
      expect((await app.deps.ledger.balance(community, accountIds.memberHours(sender.id)))?.available).toBe('5.00');

      const retry = await app
        .http()
        .post('/api/v1/clearing/transfers')
        .set('Authorization', sender.token)
        .set('Idempotency-Key', 'cut-credit')
        .send({ toCommunity: otherCommunity, toMember: otherMember(), hours: '1.00', memo: 'cut-credit' });
      expect(retry.status).toBe(201);
      expect(retry.body.status).toBe('settled');
      expect(await credits('cut-credit')).toBe(1);
      expect(await balanceOf(app, accountIds.memberHours(sender.id))).toBe('5.00');
      expect(await balanceOf(app, accountIds.memberHours(otherMember()), otherCommunity)).toBe((Number(receiverBefore) + 1).toFixed(2));
    });

    it('tells a retry within the lease of a dead request to come back, and lets the one after it finish the transfer', async () => {
      const app = handle.get();
      const repair = await breakOn(
        app,
        'process_dies',
        'ledger_transactions',
        'insert',
        `new.community_id = '${otherCommunity}' and new.memo = 'dies'`,
      );
      const cut = await app
        .http()
        .post('/api/v1/clearing/transfers')
        .set('Authorization', sender.token)
        .set('Idempotency-Key', 'dies')
        .send({ toCommunity: otherCommunity, toMember: otherMember(), hours: '0.50', memo: 'dies' });
      expect(cut.status).toBeGreaterThanOrEqual(500);
      await repair();
      // A killed process cannot release its claim: put it back as such a process leaves it.
      const body = { toCommunity: otherCommunity, toMember: otherMember(), hours: '0.50', memo: 'dies' };
      const requestHash = hashRequest('POST /api/v1/clearing/transfers', { params: {}, query: {}, body });
      await app.deps.knex('idempotency_keys').insert({
        community_id: community,
        user_id: sender.id,
        key: 'dies',
        route: 'POST /api/v1/clearing/transfers',
        request_hash: requestHash,
        state: 'in_flight',
        created_at: new Date(),
        expires_at: new Date(Date.now() + 86_400_000),
      });
      const send = (http: ReturnType<typeof supertest>) =>
        http.post('/api/v1/clearing/transfers').set('Authorization', sender.token).set('Idempotency-Key', 'dies').send(body);
      const inLease = await send(app.http());
      expect(inLease.status).toBe(409);
      expect(inLease.body.code).toBe('idempotency_key_in_flight');
      const after = await send(laterApp(app, idempotencyLeaseMs + 1_000));
      expect(after.status).toBe(201);
      expect(after.body.status).toBe('settled');
      expect(await credits('dies')).toBe(1);
    });

    describe('a retry of a transfer cut off after a later step answers with the transfer itself', () => {
      const cuts = [
        {
          name: 'after_hold_all_hours',
          table: 'ledger_transactions',
          event: 'insert' as const,
          condition: (key: string) => `new.community_id = '${otherCommunity}' and new.memo = '${key}'`,
        },
        {
          name: 'after_credit',
          table: 'ledger_transactions',
          event: 'insert' as const,
          condition: (key: string, transferId: string) =>
            `new.community_id = '${community}' and new.id = '${transferId}/settle' and '${key}' <> ''`,
        },
        {
          name: 'after_settlement',
          table: 'clearing_transfers',
          event: 'update' as const,
          condition: () => `new.finished_at is not null and old.finished_at is null`,
        },
      ];
      for (const cut of cuts) {
        it(`cut ${cut.name}: the retry with the same key gets 201 settled, the journal holds the transfer once, and a sender who sent every hour is not refused`, async () => {
          const app = handle.get();
          // Exactly the hours sent: any check of the balance on the retry would refuse it.
          const allIn = await newMember(app, `crash-all-${cut.name.replaceAll('_', '-')}`, '1.00');
          const key = `resume-${cut.name}`;
          const body = { toCommunity: otherCommunity, toMember: otherMember(), hours: '1.00', memo: key };
          const send = (http: ReturnType<typeof supertest>) =>
            http.post('/api/v1/clearing/transfers').set('Authorization', allIn.token).set('Idempotency-Key', key).send(body);
          const receiverBefore = (await balanceOf(app, accountIds.memberHours(otherMember()), otherCommunity)) ?? '0';
          const transferId = app.deps.pseudonyms.transferIds(community, allIn.id, key)[0] ?? '';
          const repair = await breakOn(app, `resume_${cut.name}`, cut.table, cut.event, cut.condition(key, transferId));
          const first = await send(app.http());
          await repair();
          expect(first.status, JSON.stringify(first.body)).toBeGreaterThanOrEqual(500);

          const retry = await send(app.http());
          expect(retry.status, JSON.stringify(retry.body)).toBe(201);
          expect(retry.body.status).toBe('settled');
          expect(retry.body.id).toBe(transferId);
          expect((await send(app.http())).headers['idempotent-replayed']).toBe('true');
          expect(await app.deps.ledger.getTransaction(otherCommunity, `${transferId}/credit`)).toBeDefined();
          expect(await app.deps.ledger.getTransaction(community, `${transferId}/settle`)).toBeDefined();
          const postingsOf = async (where: string) =>
            Number(
              (
                (await app.deps
                  .knex('ledger_transactions')
                  .count({ n: '*' })
                  .where({ community_id: where })
                  .andWhere('memo', key)
                  .first()) as { n: string | number }
              ).n,
            );
          expect(await postingsOf(otherCommunity)).toBe(1);
          expect(await balanceOf(app, accountIds.memberHours(allIn.id))).toBe('0.00');
          expect(await balanceOf(app, accountIds.memberHours(otherMember()), otherCommunity)).toBe((Number(receiverBefore) + 1).toFixed(2));
        });
      }

      it('a transfer the receiving side refused, cut off after the void: the retry gets the real refusal (the receiver’s code), not "voided before"', async () => {
        const app = handle.get();
        const sender = await newMember(app, 'crash-refused', '2.00');
        const key = 'resume-refused';
        // No such member in the receiving community: its books refuse the credit, and the hold is voided.
        const body = { toCommunity: otherCommunity, toMember: 'u-000000000000', hours: '1.00', memo: key };
        const send = () =>
          app.http().post('/api/v1/clearing/transfers').set('Authorization', sender.token).set('Idempotency-Key', key).send(body);
        const repair = await breakOn(
          app,
          'resume_refused',
          'clearing_transfers',
          'update',
          'new.finished_at is not null and old.finished_at is null',
        );
        const first = await send();
        await repair();
        expect(first.status, JSON.stringify(first.body)).toBeGreaterThanOrEqual(500);
        const retry = await send();
        expect([retry.status, retry.body.code], JSON.stringify(retry.body)).toEqual([404, 'account_not_found']);
        const replay = await send();
        expect([replay.status, replay.body.code, replay.headers['idempotent-replayed']]).toEqual([404, 'account_not_found', 'true']);
        expect(await balanceOf(app, accountIds.memberHours(sender.id))).toBe('2.00');
      });

      it('the sweep finished it before the client came back: the retry after the lease gets 201 settled, posting nothing', async () => {
        const app = handle.get();
        const allIn = await newMember(app, 'crash-all-swept', '1.00');
        const key = 'resume-swept';
        const body = { toCommunity: otherCommunity, toMember: otherMember(), hours: '1.00', memo: key };
        const repair = await breakOn(
          app,
          'resume_swept',
          'ledger_transactions',
          'insert',
          `new.community_id = '${otherCommunity}' and new.memo = '${key}'`,
        );
        const first = await app
          .http()
          .post('/api/v1/clearing/transfers')
          .set('Authorization', allIn.token)
          .set('Idempotency-Key', key)
          .send(body);
        await repair();
        expect(first.status).toBeGreaterThanOrEqual(500);
        // A killed process leaves its claim in flight.
        const requestHash = hashRequest('POST /api/v1/clearing/transfers', { params: {}, query: {}, body });
        await app.deps.knex('idempotency_keys').insert({
          community_id: community,
          user_id: allIn.id,
          key,
          route: 'POST /api/v1/clearing/transfers',
          request_hash: requestHash,
          state: 'in_flight',
          created_at: new Date(),
          expires_at: new Date(Date.now() + 86_400_000),
        });
        expect(
          await finishInterruptedTransfers({ ...app.deps, now: () => new Date(Date.now() + 120_000) }, community, 60_000),
        ).toBeGreaterThanOrEqual(1);
        const transferId = app.deps.pseudonyms.transferIds(community, allIn.id, key)[0] ?? '';
        const retry = await laterApp(app, idempotencyLeaseMs + 1_000)
          .post('/api/v1/clearing/transfers')
          .set('Authorization', allIn.token)
          .set('Idempotency-Key', key)
          .send(body);
        expect(retry.status, JSON.stringify(retry.body)).toBe(201);
        expect(retry.body.status).toBe('settled');
        expect(retry.body.id).toBe(transferId);
        expect(await balanceOf(app, accountIds.memberHours(allIn.id))).toBe('0.00');
        expect((await app.deps.ledger.verify(community)).ok).toBe(true);
        expect((await app.deps.ledger.verify(otherCommunity)).ok).toBe(true);
      });
    });

    it('finishes a transfer whose client never came back, from the server sweep', async () => {
      const app = handle.get();
      const repair = await breakOn(
        app,
        'abandoned',
        'ledger_transactions',
        'insert',
        `new.community_id = '${otherCommunity}' and new.memo = 'abandoned'`,
      );
      const cut = await app
        .http()
        .post('/api/v1/clearing/transfers')
        .set('Authorization', sender.token)
        .set('Idempotency-Key', 'abandoned')
        .send({ toCommunity: otherCommunity, toMember: otherMember(), hours: '0.75', memo: 'abandoned' });
      expect(cut.status).toBeGreaterThanOrEqual(500);
      await repair();
      expect(await credits('abandoned')).toBe(0);
      // Too recent: its request may still be running.
      expect(await finishInterruptedTransfers(app.deps, community, 60_000)).toBe(0);
      const finished = await finishInterruptedTransfers({ ...app.deps, now: () => new Date(Date.now() + 120_000) }, community, 60_000);
      expect(finished).toBeGreaterThanOrEqual(1);
      expect(await credits('abandoned')).toBe(1);
      const row = await app.deps
        .knex('clearing_transfers')
        .select('finished_at')
        .where({ community_id: community, id: transferIdFor('abandoned') })
        .first<{ finished_at: Date | null }>();
      expect(row.finished_at).not.toBeNull();
      // Nothing left for another sweep, and the ledger still verifies.
      expect(await finishInterruptedTransfers({ ...app.deps, now: () => new Date(Date.now() + 120_000) }, community, 60_000)).toBe(0);
      expect((await app.deps.ledger.verify(community)).ok).toBe(true);
      expect((await app.deps.ledger.verify(otherCommunity)).ok).toBe(true);
    });
  });
});

/** The same app with its clock moved forward. */
function laterApp(app: TestApp, aheadMs: number): ReturnType<typeof supertest> {
  return supertest(buildApp({ ...app.deps, now: () => new Date(Date.now() + aheadMs) }));
}
