// Residents apply online to join a community; coordinators accept or decline; the applicant reads
// the outcome with the reference and secret, and logs in with the one-time password once accepted.
import { expect, it } from 'vitest';
import { demoAccount, describeOnDatabases, otherCommunity, type TestApp } from '../test-support/test-app.js';
import { applicationsPerAddressMax, privacyNoticeVersion } from '../../src/workflows/applications.js';

describeOnDatabases('applications to join a community', (handle) => {
  let serial = 0;
  let addressSerial = 0;
  const http = () => handle.get().http();
  /** One instance that trusts X-Forwarded-For (its limits are its own): each test applies from its own address. */
  const proxied = new WeakMap<TestApp, ReturnType<TestApp['variant']>>();
  const apply = (body: Record<string, unknown>, options: { key?: string; address?: string } = {}) => {
    serial += 1;
    const app = handle.get();
    const instance = proxied.get(app) ?? app.variant({ trustProxy: true });
    proxied.set(app, instance);
    return instance
      .http()
      .post('/api/v1/public/applications')
      .set('Idempotency-Key', options.key ?? `apply-${serial}`)
      .set('X-Forwarded-For', options.address ?? `203.0.113.${(addressSerial += 1)}`)
      .send(body);
  };
  const valid = (name = '周阿姨') => ({
    community: 'xianlin',
    name,
    phone: '13912345678',
    skills: ['cooking', 'companionship'],
    consent: true,
    consentNotice: privacyNoticeVersion,
  });
  const status = (reference: string, secret: string, community = 'xianlin') =>
    http().get(`/api/v1/public/applications/${community}/${reference}`).query({ secret });
  const coordinator = async () => `Bearer ${await handle.get().tokenFor(demoAccount('coordinator'))}`;
  const decide = async (path: string, body: object, key = `decide-${(serial += 1)}`) =>
    http()
      .post(path)
      .set('Authorization', await coordinator())
      .set('Idempotency-Key', key)
      .send(body);

  it('applies, is listed for coordinators with name and phone, accepted; the status page then shows how to log in until the password is changed', async () => {
    const applied = await apply(valid());
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const { reference, secret } = applied.body as { reference: string; secret: string };
    expect((await status(reference, secret)).body).toMatchObject({ status: 'pending', login: null, declineReason: null });

    // Sealed at rest: neither the name nor the phone is in the row.
    const row = await handle.get().deps.knex('membership_applications').where({ community_id: 'xianlin', id: reference }).first();
    expect(JSON.stringify(row)).not.toMatch(/周阿姨|13912345678/);

    const listed = await http()
      .get('/api/v1/applications')
      .set('Authorization', await coordinator());
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: reference,
          name: '周阿姨',
          phone: '13912345678',
          skills: ['cooking', 'companionship'],
          consentNotice: privacyNoticeVersion,
        }),
      ]),
    );

    const accepted = await decide(`/api/v1/applications/${reference}/accept`, { username: 'zhou-ayi' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const oneTime = accepted.body.oneTimePassword as string;
    const member = await http()
      .get(`/api/v1/members/${accepted.body.user.id as string}`)
      .set('Authorization', await coordinator());
    expect(member.body).toMatchObject({ displayName: '周阿姨', phone: '13912345678', skills: ['cooking', 'companionship'] });

    const shown = await status(reference, secret);
    expect(shown.body).toMatchObject({
      status: 'accepted',
      login: { community: 'xianlin', username: 'zhou-ayi', oneTimePassword: oneTime },
    });
    const login = await http().post('/api/v1/auth/login').send({ community: 'xianlin', username: 'zhou-ayi', password: oneTime });
    expect(login.status).toBe(200);
    const changed = await http()
      .post('/api/v1/me/password')
      .set('Authorization', `Bearer ${login.body.accessToken as string}`)
      .set('Idempotency-Key', 'zhou-change')
      .send({ currentPassword: oneTime, newPassword: 'zhou ayi chose this one' });
    expect(changed.status).toBe(204);
    expect((await status(reference, secret)).body.login).toEqual({ community: 'xianlin', username: 'zhou-ayi', oneTimePassword: null });

    const audit = await handle
      .get()
      .deps.knex('audit_log')
      .where({ community_id: 'xianlin', action: 'application.accepted', target: `application:${reference}` });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('周阿姨');
  });

  it('declines with a reason the applicant reads; a second decision is refused', async () => {
    const applied = await apply(valid('吴先生'));
    const { reference, secret } = applied.body as { reference: string; secret: string };
    // Text as a person may type it, markup and a right-to-left override included, comes back as sent.
    const reason = '请先到社区服务中心登记 <script>alert(1)</script> \u202e=SUM(A1)';
    const declined = await decide(`/api/v1/applications/${reference}/decline`, { reason });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect((await status(reference, secret)).body).toMatchObject({ status: 'declined', declineReason: reason, login: null });
    const again = await decide(`/api/v1/applications/${reference}/accept`, { username: 'wu-xiansheng' });
    expect([again.status, again.body.code]).toEqual([409, 'application_not_pending']);
  });

  it('links an application to an existing member instead of a new account', async () => {
    const applied = await apply(valid('李师傅'));
    const memberId = handle.get().demoUsers.get('li-shifu') ?? '';
    const linked = await decide(`/api/v1/applications/${applied.body.reference as string}/accept`, { userId: memberId });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toMatchObject({ user: { id: memberId, username: 'li-shifu' }, oneTimePassword: null });
    expect((await status(applied.body.reference as string, applied.body.secret as string)).body.login).toEqual({
      community: 'xianlin',
      username: 'li-shifu',
      oneTimePassword: null,
    });
  });

  it('two coordinators accepting at once: one account, the other told it was decided', async () => {
    const applied = await apply(valid('钱奶奶'));
    const path = `/api/v1/applications/${applied.body.reference as string}/accept`;
    const answers = await Promise.all([decide(path, { username: 'qian-nainai-1' }), decide(path, { username: 'qian-nainai-2' })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const accounts = await handle
      .get()
      .deps.knex('users')
      .where({ community_id: 'xianlin' })
      .whereIn('username', ['qian-nainai-1', 'qian-nainai-2']);
    expect(accounts).toHaveLength(1);
  });

  it('a wrong secret, another community or an unknown reference is not_found', async () => {
    const applied = await apply(valid('孙女士'));
    const { reference, secret } = applied.body as { reference: string; secret: string };
    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const response of [
      await status(reference, wrong),
      await status(reference, secret, otherCommunity),
      await status('ap-0000000000', secret),
    ]) {
      expect([response.status, response.body.code]).toEqual([404, 'not_found']);
    }
    // Another community's coordinator cannot decide it.
    const other = await http()
      .post(`/api/v1/applications/${reference}/decline`)
      .set('Authorization', `Bearer ${await handle.get().tokenFor({ community: otherCommunity, username: 'coordinator' })}`)
      .set('Idempotency-Key', 'other-decline')
      .send({ reason: '不是本社区' });
    expect([other.status, other.body.code]).toEqual([404, 'not_found']);
  });

  it('the same Idempotency-Key answers the same reference; with another body it is refused', async () => {
    const first = await apply(valid('郑大爷'), { key: 'same-key', address: '203.0.113.250' });
    const second = await apply(valid('郑大爷'), { key: 'same-key', address: '203.0.113.250' });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const other = await apply(valid('别人'), { key: 'same-key', address: '203.0.113.250' });
    expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('refuses without consent, with bad input or for an unknown community, storing nothing', async () => {
    const count = async () =>
      Number(((await handle.get().deps.knex('membership_applications').count({ n: '*' })) as { n: string | number }[])[0]?.n);
    const before = await count();
    const cases: Record<string, unknown>[] = [
      { ...valid(), consent: false },
      { ...valid(), consentNotice: 'privacy-1999-01' },
      (({ consent: _consent, ...rest }) => rest)(valid()),
      { ...valid(), name: 'x'.repeat(101) },
      { ...valid(), phone: 'call me' },
      { ...valid(), skills: Array.from({ length: 21 }, (_, index) => `skill-${index}`) },
    ];
    for (const body of cases) {
      const response = await apply(body);
      expect([response.status, response.body.code], JSON.stringify(body).slice(0, 120)).toEqual([400, 'validation_failed']);
    }
    const unknown = await apply({ ...valid(), community: 'nowhere' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found']);
    expect(await count()).toBe(before);
  });

  it(`is limited to ${applicationsPerAddressMax} applications an hour from one address`, async () => {
    const address = '192.0.2.77';
    for (let index = 0; index < applicationsPerAddressMax; index += 1)
      expect((await apply(valid(`申请人${index}`), { address })).status).toBe(201);
    const limited = await apply(valid('再一位'), { address });
    expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await apply(valid('别处的人'), { address: '192.0.2.78' })).status).toBe(201);
  });
});
