// Hour gifts (own and on a member's behalf) and transfers between communities over HTTP: exact
// balances after each, every refusal leaving the books unchanged, and idempotent retries.
import { books } from '@linli/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/roles.js';
import { demoPassword } from '../../src/demo/demo-data.js';
import { createMember } from '../../src/workflows/members.js';
import { demoAccount, describeOnDatabases, otherAccount, otherCommunity, type TestApp } from '../test-support/test-app.js';

const { accountIds, serviceCredit } = books;
const community = 'xianlin';

interface Person {
  id: string;
  token: string;
}

async function newMember(app: TestApp, username: string, banked: string | undefined): Promise<Person> {
  const coordinator: Principal = { userId: app.demoUsers.get('coordinator') ?? '', role: 'coordinator', community, tokenId: 'test' };
  const member = await createMember(app.deps, coordinator, { username, displayName: username, password: demoPassword });
  if (banked !== undefined)
    await app.deps.ledger.post(
      serviceCredit({ community, id: `writes/credit/${username}`, actor: 'test', volunteer: member.id, payer: 'issuance', hours: banked }),
    );
  return { id: member.id, token: `Bearer ${await app.tokenFor({ community, username })}` };
}

async function balanceOf(app: TestApp, account: string, where = community): Promise<string | undefined> {
  return (await app.deps.ledger.balance(where, account))?.balance;
}

describeOnDatabases('hour gifts and transfers', (handle) => {
  let giver: Person;
  let family: Person;
  let elderly: Person;
  let sender: Person;
  const post = (path: string, token: string, key: string | undefined, body: unknown) => {
    const request = handle.get().http().post(path).set('Authorization', token);
    return (key === undefined ? request : request.set('Idempotency-Key', key)).send(body as object);
  };

  beforeAll(async () => {
    const app = handle.get();
    giver = await newMember(app, 'gift-giver', '5.00');
    family = await newMember(app, 'gift-family', undefined);
    elderly = await newMember(app, 'gift-elderly', '4.00');
    sender = await newMember(app, 'transfer-sender', '5.00');
  });

  describe('gifts', () => {
    it('gives hours to a family member: both balances move by the gift', async () => {
      const response = await post('/api/v1/gifts', giver.token, 'gift-a', {
        to: { member: family.id },
        hours: '1.50',
        memo: '给妈妈 for mum',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        from: { member: giver.id },
        to: { member: family.id },
        hours: '1.50',
        giverBalance: '3.50',
        actor: giver.id,
        onBehalfOf: null,
      });
      expect(response.body.transactionId).toMatch(new RegExp(`^gift/${giver.id}/[0-9a-f]{40}$`));
      expect(await balanceOf(handle.get(), accountIds.memberHours(giver.id))).toBe('3.50');
      expect(await balanceOf(handle.get(), accountIds.memberHours(family.id))).toBe('1.50');
      const transaction = await handle.get().deps.ledger.getTransaction(community, response.body.transactionId);
      expect(transaction).toMatchObject({ kind: 'hour_gift', actor: giver.id, memo: '给妈妈 for mum', metadata: {} });
    });

    it('gives hours to the pool', async () => {
      const pool = await balanceOf(handle.get(), accountIds.hourPool);
      const response = await post('/api/v1/gifts', giver.token, 'gift-pool', { to: 'pool', hours: '0.25' });
      expect(response.status).toBe(201);
      expect(response.body.giverBalance).toBe('3.25');
      expect(await balanceOf(handle.get(), accountIds.hourPool)).toBe((Number(pool) + 0.25).toFixed(2));
    });

    it('refuses bad gifts with their codes and changes nothing', async () => {
      const app = handle.get();
      const before = [
        await balanceOf(app, accountIds.memberHours(giver.id)),
        await balanceOf(app, accountIds.memberHours(family.id)),
        await balanceOf(app, accountIds.hourPool),
      ];
      const journalBefore = (await app.deps.ledger.verify(community)).transactions;
      const cases: [string, unknown, number, string, string?][] = [
        ['self', { to: { member: giver.id }, hours: '1.00' }, 400, 'validation_failed', '/to/member'],
        ['other community', { to: { member: app.otherUsers.get('member') }, hours: '1.00' }, 404, 'not_found'],
        ['not a member', { to: { member: app.demoUsers.get('staff') }, hours: '1.00' }, 404, 'not_found'],
        ['zero', { to: 'pool', hours: '0' }, 422, 'amount_must_not_be_zero'],
        ['zero with decimals', { to: 'pool', hours: '0.00' }, 422, 'amount_must_not_be_zero'],
        ['negative', { to: { member: family.id }, hours: '-1.00' }, 422, 'amount_must_be_positive'],
        ['past the scale', { to: 'pool', hours: '1.005' }, 422, 'amount_scale_exceeded'],
        ['more than banked', { to: 'pool', hours: '3.26' }, 422, 'exceeds_lower_limit'],
        ['a number', { to: 'pool', hours: 1.5 }, 400, 'validation_failed', '/hours'],
        ['not a decimal', { to: 'pool', hours: '1e2' }, 400, 'validation_failed', '/hours'],
        ['unknown field', { to: 'pool', hours: '1.00', from: family.id }, 400, 'validation_failed', '/from'],
        ['unknown recipient shape', { to: 'everyone', hours: '1.00' }, 400, 'validation_failed', '/to'],
      ];
      for (const [name, body, status, code, pointer] of cases) {
        const response = await post('/api/v1/gifts', giver.token, `gift-bad-${name.replaceAll(' ', '-')}`, body);
        expect([response.status, response.body.code], name).toEqual([status, code]);
        expect(response.headers['content-type'], name).toMatch(/^application\/problem\+json/);
        if (pointer !== undefined) expect(response.body.errors[0].pointer, name).toBe(pointer);
      }
      const noKey = await post('/api/v1/gifts', giver.token, undefined, { to: 'pool', hours: '1.00' });
      expect([noKey.status, noKey.body.code]).toEqual([400, 'idempotency_key_required']);
      expect([
        await balanceOf(app, accountIds.memberHours(giver.id)),
        await balanceOf(app, accountIds.memberHours(family.id)),
        await balanceOf(app, accountIds.hourPool),
      ]).toEqual(before);
      expect((await app.deps.ledger.verify(community)).transactions).toBe(journalBefore);
    });

    it('takes a repeated request into account once, and refuses the key with another body', async () => {
      const first = await post('/api/v1/gifts', giver.token, 'gift-replay', { to: { member: family.id }, hours: '0.50' });
      const again = await post('/api/v1/gifts', giver.token, 'gift-replay', { to: { member: family.id }, hours: '0.50' });
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await balanceOf(handle.get(), accountIds.memberHours(giver.id))).toBe('2.75');
      const other = await post('/api/v1/gifts', giver.token, 'gift-replay', { to: { member: family.id }, hours: '0.75' });
      expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
      expect(await balanceOf(handle.get(), accountIds.memberHours(giver.id))).toBe('2.75');
    });

    it('takes two concurrent requests with one key into account once', async () => {
      const body = { to: { member: family.id }, hours: '0.75' };
      const responses = await Promise.all([
        post('/api/v1/gifts', giver.token, 'gift-concurrent', body),
        post('/api/v1/gifts', giver.token, 'gift-concurrent', body),
      ]);
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses[0]).toBe(201);
      expect([201, 409]).toContain(statuses[1]);
      expect(await balanceOf(handle.get(), accountIds.memberHours(giver.id))).toBe('2.00');
      expect(await balanceOf(handle.get(), accountIds.memberHours(family.id))).toBe('2.75');
    });

    it('answers a retry of a posted gift whose stored response was lost with that gift, though its hours are spent', async () => {
      const app = handle.get();
      const spender = await newMember(app, 'gift-spender', '1.00');
      const body = { to: 'pool', hours: '1.00' };
      const first = await post('/api/v1/gifts', spender.token, 'gift-lost', body);
      expect(first.status).toBe(201);
      // The process stopped between the ledger's commit and storing the response: the claim has
      // since expired, and the gift is in the journal.
      await app.deps.knex('idempotency_keys').where({ community_id: community, user_id: spender.id, key: 'gift-lost' }).delete();
      const retry = await post('/api/v1/gifts', spender.token, 'gift-lost', body);
      expect([retry.status, retry.body.transactionId, retry.body.giverBalance]).toEqual([201, first.body.transactionId, '0.00']);
      expect(await balanceOf(app, accountIds.memberHours(spender.id))).toBe('0.00');
      const another = await post('/api/v1/gifts', spender.token, 'gift-after-lost', body);
      expect([another.status, another.body.code]).toEqual([422, 'exceeds_lower_limit']);
    });

    it('lets a coordinator give for a member with consent: marked in the journal and the audit log', async () => {
      const app = handle.get();
      const coordinator = app.demoUsers.get('coordinator') ?? '';
      const recordedAt = new Date(Date.now() - 3_600_000).toISOString();
      const response = await post('/api/v1/gifts/on-behalf', `Bearer ${await app.tokenFor(demoAccount('coordinator'))}`, 'behalf-1', {
        onBehalfOf: { member: elderly.id, consent: { method: 'phone_call', recordedAt, note: '电话确认，女儿在场' } },
        to: { member: family.id },
        hours: '1.00',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        from: { member: elderly.id },
        hours: '1.00',
        giverBalance: '3.00',
        actor: coordinator,
        onBehalfOf: { member: elderly.id, consent: { method: 'phone_call', recordedAt } },
      });
      const transaction = await app.deps.ledger.getTransaction(community, response.body.transactionId);
      expect(transaction?.actor).toBe(coordinator);
      expect(transaction?.metadata).toEqual({
        onBehalfOf: elderly.id,
        consent: { method: 'phone_call', recordedAt },
        actor: coordinator,
        actorRole: 'coordinator',
      });
      expect(JSON.stringify(transaction)).not.toContain('电话确认');
      const [audit] = (await app.deps
        .knex('audit_log')
        .select('actor', 'target', 'details')
        .where({ community_id: community, action: 'ledger.gift_on_behalf' })) as {
        actor: string;
        target: string;
        details: Record<string, string>;
      }[];
      expect(audit).toMatchObject({
        actor: coordinator,
        target: `member:${elderly.id}`,
        details: {
          transaction: response.body.transactionId,
          hours: '1.00',
          to: `member:${family.id}`,
          consentMethod: 'phone_call',
          consentRecordedAt: recordedAt,
        },
      });
      const sealed = audit?.details['consentNoteSealed'] ?? '';
      expect(sealed).not.toContain('电话');
      expect(app.deps.sealer.open(sealed, `${community}/audit/consent/${response.body.transactionId}`)).toBe('电话确认，女儿在场');
    });

    it('refuses an on-behalf gift with a consent in the future, for a non-member or another community’s member', async () => {
      const app = handle.get();
      const staff = `Bearer ${await app.tokenFor(demoAccount('staff'))}`;
      const consent = { method: 'in_person', recordedAt: new Date().toISOString() };
      const cases: [unknown, number, string][] = [
        [
          {
            onBehalfOf: { member: elderly.id, consent: { ...consent, recordedAt: new Date(Date.now() + 3_600_000).toISOString() } },
            to: 'pool',
            hours: '1.00',
          },
          400,
          'validation_failed',
        ],
        [
          {
            onBehalfOf: { member: elderly.id, consent: { method: 'telepathy', recordedAt: consent.recordedAt } },
            to: 'pool',
            hours: '1.00',
          },
          400,
          'validation_failed',
        ],
        [{ onBehalfOf: { member: app.demoUsers.get('coordinator'), consent }, to: 'pool', hours: '1.00' }, 404, 'not_found'],
        [{ onBehalfOf: { member: app.otherUsers.get('member'), consent }, to: 'pool', hours: '1.00' }, 404, 'not_found'],
        [{ onBehalfOf: { member: elderly.id, consent }, to: { member: elderly.id }, hours: '1.00' }, 400, 'validation_failed'],
      ];
      for (const [index, [body, status, code]] of cases.entries()) {
        const response = await post('/api/v1/gifts/on-behalf', staff, `behalf-bad-${index}`, body);
        expect([response.status, response.body.code], String(index)).toEqual([status, code]);
      }
      expect(await balanceOf(app, accountIds.memberHours(elderly.id))).toBe('3.00');
    });
  });

  describe('transfers between communities', () => {
    const otherMember = () => handle.get().otherUsers.get('member') ?? '';

    it('settles a transfer: the sender, the receiver and both clearing accounts move by it', async () => {
      const app = handle.get();
      const before = {
        receiver: (await balanceOf(app, accountIds.memberHours(otherMember()), otherCommunity)) ?? '0',
        ours: (await balanceOf(app, accountIds.hourClearing(otherCommunity))) ?? '0',
        theirs: (await balanceOf(app, accountIds.hourClearing(community), otherCommunity)) ?? '0',
      };
      const response = await post('/api/v1/clearing/transfers', sender.token, 'transfer-a', {
        toCommunity: otherCommunity,
        toMember: otherMember(),
        hours: '1.25',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        direction: 'outgoing',
        status: 'settled',
        hours: '1.25',
        from: { community, member: sender.id },
        to: { community: otherCommunity, member: otherMember() },
        actor: sender.id,
        onBehalfOf: null,
      });
      expect(await balanceOf(app, accountIds.memberHours(sender.id))).toBe('3.75');
      expect(await balanceOf(app, accountIds.memberHours(otherMember()), otherCommunity)).toBe((Number(before.receiver) + 1.25).toFixed(2));
      expect(await balanceOf(app, accountIds.hourClearing(otherCommunity))).toBe((Number(before.ours) + 1.25).toFixed(2));
      expect(await balanceOf(app, accountIds.hourClearing(community), otherCommunity)).toBe((Number(before.theirs) - 1.25).toFixed(2));

      const path = `/api/v1/clearing/transfers/${response.body.id}`;
      const mine = await app.http().get(path).set('Authorization', sender.token);
      expect(mine.body).toEqual(response.body);
      const coordinator = await app
        .http()
        .get(path)
        .set('Authorization', `Bearer ${await app.tokenFor(demoAccount('coordinator'))}`);
      expect(coordinator.status).toBe(200);
      const someoneElse = await app
        .http()
        .get(path)
        .set('Authorization', `Bearer ${await app.tokenFor(demoAccount('member'))}`);
      expect([someoneElse.status, someoneElse.body.code]).toEqual([404, 'not_found']);
      const received = await app
        .http()
        .get(path)
        .set('Authorization', `Bearer ${await app.tokenFor(otherAccount('member'))}`);
      expect(received.body).toMatchObject({
        direction: 'incoming',
        status: 'settled',
        hours: '1.25',
        from: { community, member: null },
        to: { community: otherCommunity, member: otherMember() },
      });
      const replay = await post('/api/v1/clearing/transfers', sender.token, 'transfer-a', {
        toCommunity: otherCommunity,
        toMember: otherMember(),
        hours: '1.25',
      });
      expect(replay.body).toEqual(response.body);
      expect(await balanceOf(app, accountIds.memberHours(sender.id))).toBe('3.75');
    });

    it('voids the hold when the receiving member does not exist, and answers with the code', async () => {
      const app = handle.get();
      const response = await post('/api/v1/clearing/transfers', sender.token, 'transfer-nobody', {
        toCommunity: otherCommunity,
        toMember: 'u-nobody',
        hours: '1.00',
      });
      expect([response.status, response.body.code]).toEqual([404, 'account_not_found']);
      const account = await app.deps.ledger.balance(community, accountIds.memberHours(sender.id));
      expect([account?.balance, account?.available, account?.held]).toEqual(['3.75', '3.75', '0.00']);
      const [row] = (await app.deps.knex('clearing_transfers').select('id').where({ community_id: community, to_member: 'u-nobody' })) as {
        id: string;
      }[];
      const status = await app.http().get(`/api/v1/clearing/transfers/${row?.id}`).set('Authorization', sender.token);
      expect(status.body).toMatchObject({ status: 'voided', hours: '1.00' });
    });

    it('refuses the own community, an unknown community and more than the banked hours', async () => {
      const app = handle.get();
      const cases: [unknown, number, string][] = [
        [{ toCommunity: community, toMember: otherMember(), hours: '1.00' }, 400, 'validation_failed'],
        [{ toCommunity: 'atlantis', toMember: otherMember(), hours: '1.00' }, 404, 'not_found'],
        [{ toCommunity: otherCommunity, toMember: otherMember(), hours: '3.76' }, 422, 'exceeds_lower_limit'],
        [{ toCommunity: otherCommunity, toMember: otherMember(), hours: '-1.00' }, 422, 'amount_must_be_positive'],
        [{ toCommunity: otherCommunity, toMember: otherMember(), hours: '0.001' }, 422, 'amount_scale_exceeded'],
        [{ toCommunity: otherCommunity, toMember: 'not-a-user', hours: '1.00' }, 400, 'validation_failed'],
      ];
      for (const [index, [body, status, code]] of cases.entries()) {
        const response = await post('/api/v1/clearing/transfers', sender.token, `transfer-bad-${index}`, body);
        expect([response.status, response.body.code], String(index)).toEqual([status, code]);
      }
      const account = await app.deps.ledger.balance(community, accountIds.memberHours(sender.id));
      expect([account?.balance, account?.available]).toEqual(['3.75', '3.75']);
    });

    it('lets staff send for a member with consent, audited', async () => {
      const app = handle.get();
      const recordedAt = new Date().toISOString();
      const response = await post(
        '/api/v1/clearing/transfers/on-behalf',
        `Bearer ${await app.tokenFor(demoAccount('staff'))}`,
        'transfer-behalf',
        {
          onBehalfOf: { member: elderly.id, consent: { method: 'written', recordedAt } },
          toCommunity: otherCommunity,
          toMember: otherMember(),
          hours: '0.50',
        },
      );
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        status: 'settled',
        from: { community, member: elderly.id },
        actor: app.demoUsers.get('staff'),
        onBehalfOf: { member: elderly.id, consent: { method: 'written', recordedAt } },
      });
      expect(await balanceOf(app, accountIds.memberHours(elderly.id))).toBe('2.50');
      const audit = await app.deps
        .knex('audit_log')
        .select('details')
        .where({ community_id: community, action: 'ledger.transfer_on_behalf' });
      expect(audit).toEqual([
        {
          details: expect.objectContaining({
            transfer: response.body.id,
            hours: '0.50',
            status: 'settled',
            consentMethod: 'written',
            consentNoteSealed: null,
          }),
        },
      ]);
    });
  });
});
