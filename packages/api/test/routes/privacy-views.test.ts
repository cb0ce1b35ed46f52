// Nothing that identifies a person reaches an auditor or crosses into another community, except
// as a pseudonym: every GET an auditor may call, and every view the receiving community has of a
// transfer (statement, journal as CSV and hledger, the transfer itself), are read for user ids,
// names and usernames, and hold none. Transfers made before pseudonymous ids still resolve.
import { books } from '@linli/ledger';
import { beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { demoCommunity, demoPassword } from '../../src/demo/demo-data.js';
import { userIdInText } from '../../src/random-ids.js';
import type { MatrixRow } from '../test-support/matrix-row.js';
import { demoAccount, describeOnDatabases, otherAccount, otherCommunity, type TestApp } from '../test-support/test-app.js';
import { legacyTransferId } from '../../src/workflows/ledger-ids.js';
import { allRoutes } from '../../src/routes/index.js';
import { ledgerMatrix } from './ledger.matrix.js';
import { serviceMatrix } from './service.matrix.js';
import { supermarketMatrix } from './supermarket.matrix.js';

const { accountIds, serviceCredit, transferHours } = books;
const community = demoCommunity.id;

/** A member whose name and username nobody else has, who serves, gives and sends and receives hours. */
const person = { username: 'privacy-xieli', displayName: '谢丽隐私' };

interface UserRow {
  id: string;
  community_id: string;
  username: string;
  display_name: string;
}

/** What identifies a person, besides the pattern of user ids: every user's id and name, and the usernames made from a name. */
async function identities(app: TestApp): Promise<Identities> {
  const users = (await app.deps.knex('users').select('id', 'community_id', 'username', 'display_name')) as UserRow[];
  return { ids: users.map((user) => user.id), names: users.map((user) => user.display_name), usernames: [person.username] };
}

interface Identities {
  ids: string[];
  names: string[];
  usernames: string[];
}

/**
 * The places in `text` that identify one of `who` other than `self`, and with `anyUserId` any user
 * id at all (an auditor reads none but their own); empty when it holds none.
 */
function identifying(text: string, who: Identities, self: { id: string; name: string } | undefined, anyUserId: boolean): string[] {
  const found: string[] = [];
  for (const id of who.ids) if (id !== self?.id && text.includes(id)) found.push(`user id ${id}`);
  if (anyUserId)
    for (const match of text.matchAll(userIdInText))
      if (match[0] !== self?.id && !found.includes(`user id ${match[0]}`)) found.push(`user id ${match[0]}`);
  for (const name of who.names) if (name !== self?.name && text.includes(name)) found.push(`name ${name}`);
  for (const username of who.usernames) if (text.includes(username)) found.push(`username ${username}`);
  return found;
}

describeOnDatabases('privacy: auditors and other communities see pseudonyms', (handle) => {
  const app = () => handle.get();
  const bearer = async (who: { community: string; username: string }) => `Bearer ${await app().tokenFor(who)}`;
  const text = async (path: string, who: { community: string; username: string }) => {
    const response = await app()
      .http()
      .get(path)
      .set('Authorization', await bearer(who))
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      });
    expect(response.status, `${path}: ${String(response.body).slice(0, 300)}`).toBe(200);
    return response.body as string;
  };
  let personId = '';
  let otherMemberId = '';
  const transfers = { toOther: '', fromOther: '', onBehalfFromOther: '' };

  beforeAll(async () => {
    // The supermarket's matrix rows read a household of the other community.
    const { createHousehold } = await import('../../src/workflows/households.js');
    await createHousehold(
      app().deps,
      { userId: 'system', role: 'coordinator', community: otherCommunity, tokenId: 'privacy' },
      { name: '鼓楼住户', address: '鼓楼某小区 1栋' },
    );
    const created = await app()
      .http()
      .post('/api/v1/members')
      .set('Authorization', await bearer(demoAccount('coordinator')))
      .set('Idempotency-Key', 'privacy-person')
      .send({ ...person, password: demoPassword });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    personId = created.body.id as string;
    otherMemberId = app().otherUsers.get('member') ?? '';
    await app().deps.ledger.post(
      serviceCredit({ community, id: 'privacy/served', actor: 'system', volunteer: personId, payer: 'issuance', hours: '5.00' }),
    );
    await app().deps.ledger.post(
      serviceCredit({
        community: otherCommunity,
        id: 'privacy/served',
        actor: 'system',
        volunteer: otherMemberId,
        payer: 'issuance',
        hours: '5.00',
      }),
    );
    const personLogin = { community, username: person.username };
    const gift = await app()
      .http()
      .post('/api/v1/gifts')
      .set('Authorization', await bearer(personLogin))
      .set('Idempotency-Key', 'privacy-gift')
      .send({ to: 'pool', hours: '0.50' });
    expect(gift.status, JSON.stringify(gift.body)).toBe(201);
    const send = async (who: { community: string; username: string }, path: string, body: object, key: string) => {
      const sent = await app()
        .http()
        .post(path)
        .set('Authorization', await bearer(who))
        .set('Idempotency-Key', key)
        .send(body);
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      return sent.body.id as string;
    };
    transfers.toOther = await send(
      personLogin,
      '/api/v1/clearing/transfers',
      { toCommunity: otherCommunity, toMember: otherMemberId, hours: '1.00', memo: '给鼓楼' },
      'privacy-out',
    );
    transfers.fromOther = await send(
      otherAccount('member'),
      '/api/v1/clearing/transfers',
      { toCommunity: community, toMember: personId, hours: '0.75' },
      'privacy-in',
    );
    const consent = { method: 'in_person', recordedAt: new Date(Date.now() - 60_000).toISOString() };
    transfers.onBehalfFromOther = await send(
      otherAccount('coordinator'),
      '/api/v1/clearing/transfers/on-behalf',
      { onBehalfOf: { member: otherMemberId, consent }, toCommunity: community, toMember: personId, hours: '0.25' },
      'privacy-in-behalf',
    );
  });

  it('answers every GET an auditor may call without a user id, name or username of anyone but the auditor', async () => {
    const auditor = demoAccount('auditor');
    const self = (await app()
      .deps.knex('users')
      .select('id', 'display_name')
      .where({ community_id: community, username: 'auditor' })
      .first()) as { id: string; display_name: string };
    const who = await identities(app());
    const auditorGets = allRoutes
      .filter((route) => route.method === 'get' && route.access !== 'public' && route.access.includes('auditor'))
      .map((route) => route.operationId);
    const rows: readonly MatrixRow[] = [...ledgerMatrix, ...supermarketMatrix, ...serviceMatrix].filter((row) =>
      auditorGets.includes(row.operationId),
    );
    const paths = new Map<string, string[]>();
    const add = (operationId: string, path: string) => paths.set(operationId, [...(paths.get(operationId) ?? []), path]);
    let serial = 0;
    for (const row of rows) {
      const request = await row.request(app(), 'own', (serial += 1));
      add(row.operationId, request.path);
    }
    add('meGet', '/api/v1/me');
    add('householdsList', '/api/v1/households');
    add('householdsGet', `/api/v1/households/${app().demoHouseholds[0] ?? ''}`);
    add('auditLogList', '/api/v1/audit-log?limit=100');
    add('auditJournalExport', '/api/v1/audit/journal?format=hledger');
    // The printable pages too.
    add('serviceRecordsCertificateGet', `${(paths.get('serviceRecordsCertificateGet') ?? [''])[0] ?? ''}?format=html`);
    add('donationsReceiptGet', `${(paths.get('donationsReceiptGet') ?? [''])[0] ?? ''}?format=html`);
    for (const id of Object.values(transfers)) add('clearingTransfersGet', `/api/v1/clearing/transfers/${id}`);
    // Every page of the accounts, and the statement and balance of the person's account as the
    // auditor names it there (by the person's pseudonym).
    let cursor: string | null = null;
    const accounts: { id: string }[] = [];
    do {
      const page = JSON.parse(
        await text(`/api/v1/accounts?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, auditor),
      ) as { items: { id: string }[]; next: string | null };
      accounts.push(...page.items);
      cursor = page.next;
      add('accountsList', `/api/v1/accounts?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    } while (cursor !== null);
    const pseudonymous = accountIds.memberHours(app().deps.pseudonyms.person(community, personId));
    expect(accounts.map((account) => account.id)).toContain(pseudonymous);
    add('accountsStatementGet', `/api/v1/accounts/${encodeURIComponent(pseudonymous)}/statement`);
    add('accountsBalanceGet', `/api/v1/accounts/${encodeURIComponent(pseudonymous)}/balance`);

    expect([...paths.keys()].sort(), 'a request for every GET an auditor may call').toEqual([...new Set(auditorGets)].sort());
    for (const [operationId, list] of paths) {
      for (const path of list) {
        const body = await text(path, auditor);
        // The auditor's own id is theirs (the audit log records their exports); their name shows on /me only.
        expect(
          identifying(body, who, { id: self.id, name: operationId === 'meGet' ? self.display_name : '' }, true),
          `${operationId} ${path}`,
        ).toEqual([]);
      }
    }
    // The person's statement is theirs: the gift and the transfers in and out are on it.
    const statement = JSON.parse(await text(`/api/v1/accounts/${encodeURIComponent(pseudonymous)}/statement`, auditor)) as {
      items: { transactionId: string }[];
    };
    expect(statement.items.length).toBeGreaterThanOrEqual(4);
    // The service records name volunteers by the same pseudonym, stable from one answer to the next.
    const records = JSON.parse(await text('/api/v1/service-records', auditor)) as { items: { volunteer: string; volunteerName: string }[] };
    expect(records.items.length).toBeGreaterThan(0);
    for (const record of records.items) expect(record.volunteerName).toBe(record.volunteer);
  });

  it('shows the receiving community no user id, name or username of the sender, nor of whoever sent for them', async () => {
    const who = await identities(app());
    const senders: Identities = {
      ids: [otherMemberId, app().otherUsers.get('coordinator') ?? ''],
      names: who.names.filter((name) => name.endsWith(`of ${otherCommunity}`)),
      usernames: [],
    };
    const reverse: Identities = { ids: [personId], names: [person.displayName], usernames: [person.username] };
    const personAccount = `/api/v1/accounts/${encodeURIComponent(accountIds.memberHours(personId))}/statement`;
    const otherAccountPath = `/api/v1/accounts/${encodeURIComponent(accountIds.memberHours(otherMemberId))}/statement`;
    const views: { who: { community: string; username: string }; path: string; hidden: typeof senders }[] = [];
    for (const role of ['coordinator', 'admin'] as const satisfies readonly Role[]) {
      views.push({ who: demoAccount(role), path: personAccount, hidden: senders });
      views.push({ who: otherAccount(role), path: otherAccountPath, hidden: reverse });
    }
    for (const format of ['csv', 'hledger']) {
      views.push({ who: demoAccount('admin'), path: `/api/v1/audit/journal?format=${format}`, hidden: senders });
      views.push({ who: otherAccount('admin'), path: `/api/v1/audit/journal?format=${format}`, hidden: reverse });
    }
    for (const role of ['coordinator', 'admin', 'auditor'] as const satisfies readonly Role[]) {
      for (const id of [transfers.fromOther, transfers.onBehalfFromOther])
        views.push({ who: demoAccount(role), path: `/api/v1/clearing/transfers/${id}`, hidden: senders });
      views.push({ who: otherAccount(role), path: `/api/v1/clearing/transfers/${transfers.toOther}`, hidden: reverse });
    }
    views.push({
      who: { community, username: person.username },
      path: `/api/v1/clearing/transfers/${transfers.fromOther}`,
      hidden: senders,
    });
    views.push({ who: { community, username: person.username }, path: '/api/v1/me/statement', hidden: senders });
    views.push({ who: otherAccount('member'), path: `/api/v1/clearing/transfers/${transfers.toOther}`, hidden: reverse });
    views.push({ who: otherAccount('member'), path: '/api/v1/me/statement', hidden: reverse });
    for (const view of views) {
      const body = await text(view.path, view.who);
      expect(identifying(body, view.hidden, undefined, false), `${view.who.community}/${view.who.username} ${view.path}`).toEqual([]);
    }
    // The receiving side still reads the transfer: incoming, from the other community, by the sender's pseudonym there.
    const incoming = JSON.parse(await text(`/api/v1/clearing/transfers/${transfers.fromOther}`, demoAccount('coordinator'))) as {
      direction: string;
      actor: string;
      from: { community: string; member: string | null };
    };
    expect(incoming).toMatchObject({
      direction: 'incoming',
      actor: app().deps.pseudonyms.person(community, otherMemberId),
      from: { community: otherCommunity, member: null },
    });
    // A pseudonym differs from one community to the next: two communities cannot match their people.
    expect(app().deps.pseudonyms.person(community, otherMemberId)).not.toBe(app().deps.pseudonyms.person(otherCommunity, otherMemberId));
  });

  it('still resolves a transfer made under the old id, and a retry of it resumes it rather than sending again', async () => {
    const key = 'privacy-legacy';
    const id = legacyTransferId(personId, key);
    // Begun before the change and stopped after its hold (the service stopped): only the hold exists.
    await app().deps.ledger.createHold({
      community,
      id: `${id}/hold`,
      kind: 'clearing_transfer',
      actor: personId,
      from: accountIds.memberHours(personId),
      to: accountIds.hourClearing(otherCommunity),
      unit: 'HOUR',
      amount: '0.40',
      metadata: { transfer: id, fromCommunity: community, toCommunity: otherCommunity },
    });
    const before = (await app().deps.ledger.balance(otherCommunity, accountIds.memberHours(otherMemberId)))?.balance;
    const retried = await app()
      .http()
      .post('/api/v1/clearing/transfers')
      .set('Authorization', await bearer({ community, username: person.username }))
      .set('Idempotency-Key', key)
      .send({ toCommunity: otherCommunity, toMember: otherMemberId, hours: '0.40' });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.body).toMatchObject({ id, status: 'settled' });
    expect((await app().deps.ledger.balance(otherCommunity, accountIds.memberHours(otherMemberId)))?.balance).toBe(
      (Number(before) + 0.4).toFixed(2),
    );
    // An old transfer settled whole (its credit posted under the old id) is found by that id on both sides.
    const old = legacyTransferId(personId, 'privacy-legacy-settled');
    await transferHours(app().deps.ledger, app().deps.ledger, {
      id: old,
      actor: personId,
      receiverActor: personId,
      from: { community, member: personId },
      to: { community: otherCommunity, member: otherMemberId },
      hours: '0.10',
    });
    await app().deps.knex('clearing_transfers').insert({
      community_id: community,
      id: old,
      from_member: personId,
      to_community: otherCommunity,
      to_member: otherMemberId,
      hours: '0.10',
      actor: personId,
      on_behalf_consent: null,
      created_at: new Date(),
    });
    const sent = await app()
      .http()
      .get(`/api/v1/clearing/transfers/${old}`)
      .set('Authorization', await bearer({ community, username: person.username }));
    expect(sent.body).toMatchObject({ id: old, direction: 'outgoing', status: 'settled' });
    const received = await app()
      .http()
      .get(`/api/v1/clearing/transfers/${old}`)
      .set('Authorization', await bearer(otherAccount('member')));
    // The old credit's actor is a user id of the sending community: shown here as its pseudonym.
    expect(received.body).toMatchObject({ id: old, direction: 'incoming', actor: app().deps.pseudonyms.person(otherCommunity, personId) });
    // An auditor reads the old id with the sender's pseudonym in it, and opens the transfer by that.
    const auditorView = await app()
      .http()
      .get(`/api/v1/clearing/transfers/${old.replace(userIdInText, app().deps.pseudonyms.person(community, personId))}`)
      .set('Authorization', await bearer(demoAccount('auditor')));
    expect(auditorView.status, JSON.stringify(auditorView.body)).toBe(200);
    expect(JSON.stringify(auditorView.body)).not.toContain(personId);
  });
});
