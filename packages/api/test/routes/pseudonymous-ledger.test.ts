// The ledger sees people only by pseudonymous ids: no member's name reaches account names,
// statements, account lists or journal exports (CSV and hledger), while screens allowed to show a
// member's name still show it, read from `users`. Migration 0310 renames accounts opened before.
import { books } from '@linli/ledger';
import { migrationSource } from '../../src/migrations/index.js';
import { beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { demoCommunity, demoPassword } from '../../src/demo/demo-data.js';
import { demoAccount, describeOnDatabases } from '../test-support/test-app.js';

const { accountIds, serviceCredit, hourGift } = books;
const community = demoCommunity.id;
const displayName = '隐私测试员';

describeOnDatabases('a pseudonymous ledger', (handle) => {
  const app = () => handle.get();
  const bearer = async (role: Role) => `Bearer ${await app().tokenFor(demoAccount(role))}`;
  let memberId = '';

  /** Every display name of the community's users: none of them may appear in what the ledger gives out. */
  const displayNames = async () =>
    ((await app().deps.knex('users').select('display_name').where({ community_id: community })) as { display_name: string }[]).map(
      (row) => row.display_name,
    );
  const expectNoName = async (text: string, what: string) => {
    const names = await displayNames();
    expect(names).toContain(displayName);
    for (const name of names) expect(text.includes(name), `${what} names ${name}`).toBe(false);
  };

  beforeAll(async () => {
    const created = await app()
      .http()
      .post('/api/v1/members')
      .set('Authorization', await bearer('coordinator'))
      .set('Idempotency-Key', 'privacy-member')
      .send({ username: 'privacy-member', displayName, password: demoPassword });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    memberId = created.body.id as string;
    await app().deps.ledger.post(
      serviceCredit({ community, id: 'privacy/credit', actor: 'test', volunteer: memberId, payer: 'issuance', hours: '3.00' }),
    );
    await app().deps.ledger.post(
      hourGift({
        community,
        id: 'privacy/gift',
        actor: memberId,
        from: memberId,
        to: { member: app().demoUsers.get('wang-ayi') ?? '' },
        hours: '1.00',
      }),
    );
  });

  it('names a new member’s hour account by the user id only', async () => {
    expect((await app().deps.ledger.getAccount(community, accountIds.memberHours(memberId)))?.name).toBe(`时间账户 ${memberId}`);
    const mine = await app()
      .http()
      .get('/api/v1/me/balances')
      .set('Authorization', `Bearer ${await app().tokenFor({ community, username: 'privacy-member' })}`);
    expect(mine.body.hours.name).toBe(`时间账户 ${memberId}`);
  });

  it('gives out no member’s name in the journal export, CSV or hledger', async () => {
    for (const format of ['csv', 'hledger']) {
      const response = await app()
        .http()
        .get(`/api/v1/audit/journal?format=${format}`)
        .set('Authorization', await bearer('auditor'))
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(null, text));
        });
      expect(response.status).toBe(200);
      const text = response.body as string;
      // The export holds the new member's account and transactions, by the member's pseudonym,
      // which is all an auditor reads of a person (hledger writes the id's levels with ':').
      const pseudonymous = accountIds.memberHours(app().deps.pseudonyms.person(community, memberId));
      expect(text).toContain(format === 'csv' ? pseudonymous : pseudonymous.replaceAll('/', ':'));
      expect(text).not.toContain(memberId);
      expect(text).toContain('privacy/gift');
      await expectNoName(text, `the ${format} export`);
    }
  });

  it('gives out no member’s name in account lists and statements, to auditors or anyone else', async () => {
    for (const role of ['auditor', 'coordinator', 'admin'] as const) {
      let cursor: string | null = null;
      let text = '';
      do {
        const page = await app()
          .http()
          .get(`/api/v1/accounts?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)
          .set('Authorization', await bearer(role));
        expect(page.status).toBe(200);
        text += JSON.stringify(page.body);
        cursor = page.body.next as string | null;
      } while (cursor !== null);
      expect(text).toContain(`时间账户 ${role === 'auditor' ? app().deps.pseudonyms.person(community, memberId) : memberId}`);
      await expectNoName(text, `the account list ${role}s read`);
      const statement = await app()
        .http()
        .get(`/api/v1/accounts/${encodeURIComponent(accountIds.memberHours(memberId))}/statement`)
        .set('Authorization', await bearer(role));
      expect(statement.status).toBe(200);
      await expectNoName(JSON.stringify(statement.body), `the statement ${role}s read`);
    }
  });

  it('still shows the member’s name where the caller may see it, from the users table', async () => {
    const member = await app()
      .http()
      .get(`/api/v1/members/${memberId}`)
      .set('Authorization', await bearer('coordinator'));
    expect(member.body.displayName).toBe(displayName);
    const me = await app()
      .http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${await app().tokenFor({ community, username: 'privacy-member' })}`);
    expect(me.body.user.displayName).toBe(displayName);
  });

  it('renames the hour accounts opened with a name before (migration 0310), and nothing else', async () => {
    const { ledger, knex } = app().deps;
    const old = 'u-oldstyle1';
    await ledger.openAccount({
      community,
      id: accountIds.memberHours(old),
      unit: 'HOUR',
      name: '老会员 时间账户',
      ownerRef: old,
      lowerLimit: '-10.00',
    });
    await ledger.post(
      serviceCredit({ community, id: 'privacy/old-credit', actor: 'test', volunteer: old, payer: 'issuance', hours: '2.00' }),
    );
    const untouched = (await knex('ledger_accounts')
      .select('id', 'name')
      .where({ community_id: community })
      .whereNot('id', accountIds.memberHours(old))
      .orderByRaw('id collate "C"')) as { id: string; name: string }[];
    const before = await ledger.verify(community);
    const name = '0310-member-accounts-pseudonymous';
    await knex.migrate.down({ migrationSource, name });
    await knex.migrate.up({ migrationSource, name });
    expect((await ledger.getAccount(community, accountIds.memberHours(old)))?.name).toBe(`时间账户 ${old}`);
    expect((await ledger.balance(community, accountIds.memberHours(old)))?.balance).toBe('2.00');
    expect(
      await knex('ledger_accounts')
        .select('id', 'name')
        .where({ community_id: community })
        .whereNot('id', accountIds.memberHours(old))
        .orderByRaw('id collate "C"'),
    ).toEqual(untouched);
    // Names are outside the hash chain: the journal verifies exactly as before.
    expect(await ledger.verify(community)).toEqual(before);
    expect(before.ok).toBe(true);
  });
});
