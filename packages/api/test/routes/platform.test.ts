// The platform level: a platform admin creates communities and their first admins (who must
// change the one-time password first), lists the communities with their public figures and
// resets a community admin's password; community admins reset their members' passwords.
import { expect, it } from 'vitest';
import { platformCommunity } from '../../src/communities.js';
import { demoAccount, describeOnDatabases, otherCommunity } from '../test-support/test-app.js';

describeOnDatabases('the platform and password resets', (handle) => {
  let serial = 0;
  const http = () => handle.get().http();
  const bearer = async (role: 'platform_admin' | 'admin' | 'coordinator') => `Bearer ${await handle.get().tokenFor(demoAccount(role))}`;
  const post = async (path: string, auth: string, body?: object) => {
    serial += 1;
    const request = http().post(path).set('Authorization', auth).set('Idempotency-Key', `platform-${serial}`);
    return body === undefined ? request : request.send(body);
  };
  const login = (community: string, username: string, password: string) =>
    http().post('/api/v1/auth/login').send({ community, username, password });
  const newPassword = 'a new password of the new admin';

  it('creates a community whose admin logs in with the one-time password, must change it, then works', async () => {
    const created = await post('/api/v1/platform/communities', await bearer('platform_admin'), {
      code: 'maqun',
      name: '马群街道马群社区',
      admin: { username: 'zhang-admin', displayName: '张主任' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ community: 'maqun', name: '马群街道马群社区', admin: { username: 'zhang-admin' } });
    const oneTime = created.body.admin.oneTimePassword as string;

    const first = await login('maqun', 'zhang-admin', oneTime);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const firstToken = `Bearer ${first.body.accessToken as string}`;
    const blocked = await http().get('/api/v1/users').set('Authorization', firstToken);
    expect([blocked.status, blocked.body.code]).toEqual([403, 'password_change_required']);
    const changed = await post('/api/v1/me/password', firstToken, { currentPassword: oneTime, newPassword });
    expect(changed.status, JSON.stringify(changed.body)).toBe(204);
    const users = await http().get('/api/v1/users').set('Authorization', firstToken);
    expect(users.status).toBe(200);
    expect((users.body.items as { username: string }[]).map((user) => user.username)).toEqual(['zhang-admin']);

    // Its books are open: a member the new admin creates gets an hour account.
    const member = await post('/api/v1/members', firstToken, {
      username: 'new-member',
      displayName: '新志愿者',
      password: 'a long enough password',
    });
    expect(member.status, JSON.stringify(member.body)).toBe(201);

    // Audited in the community's log and in the platform's.
    const audit = await http().get('/api/v1/audit-log').set('Authorization', firstToken);
    expect((audit.body.items as { action: string }[]).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['community.created', 'user.created']),
    );
    const platformEntries = await handle
      .get()
      .deps.knex('audit_log')
      .where({ community_id: platformCommunity, action: 'community.created', target: 'community:maqun' });
    expect(platformEntries).toHaveLength(1);
  });

  it('refuses a taken code, the platform code and bad input, changing nothing', async () => {
    const auth = await bearer('platform_admin');
    const count = async () =>
      Number(((await handle.get().deps.knex('community_profiles').count({ n: '*' })) as { n: string | number }[])[0]?.n);
    const before = await count();
    for (const code of ['xianlin', otherCommunity, platformCommunity]) {
      const taken = await post('/api/v1/platform/communities', auth, {
        code,
        name: '重名',
        admin: { username: 'someone', displayName: '某人' },
      });
      expect([taken.status, taken.body.code], code).toEqual([409, 'community_taken']);
    }
    const bad = await post('/api/v1/platform/communities', auth, {
      code: 'Bad Code',
      name: '',
      admin: { username: 'x', displayName: '某人' },
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    expect(await count()).toBe(before);
  });

  it("lists communities with this month's public figures, never the platform", async () => {
    const list = await http()
      .get('/api/v1/platform/communities?limit=100')
      .set('Authorization', await bearer('platform_admin'));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const codes = (list.body.items as { code: string }[]).map((item) => item.code);
    expect(codes).toEqual(expect.arrayContaining(['xianlin', otherCommunity]));
    expect(codes).not.toContain(platformCommunity);
    const demo = (list.body.items as { code: string; thisMonth: { hoursServed: { suppressed: boolean } } }[]).find(
      (item) => item.code === 'xianlin',
    );
    expect(demo?.thisMonth.hoursServed).toHaveProperty('suppressed');
    // A page is at most 20 communities; the next page follows the cursor.
    const page = await http()
      .get('/api/v1/platform/communities?limit=1')
      .set('Authorization', await bearer('platform_admin'));
    expect(page.body.items).toHaveLength(1);
    expect(page.body.next).toBe(page.body.items[0].code);
  });

  it("resets a community admin's password: their sessions end, the one-time password must be changed", async () => {
    const created = await post('/api/v1/platform/communities', await bearer('platform_admin'), {
      code: 'yaohua',
      name: '尧化街道',
      admin: { username: 'li-admin', displayName: '李主任' },
    });
    expect(created.status).toBe(201);
    const adminId = created.body.admin.id as string;
    const session = await login('yaohua', 'li-admin', created.body.admin.oneTimePassword as string);
    await post('/api/v1/me/password', `Bearer ${session.body.accessToken as string}`, {
      currentPassword: created.body.admin.oneTimePassword as string,
      newPassword,
    });
    const working = await login('yaohua', 'li-admin', newPassword);
    expect(working.status).toBe(200);

    const admins = await http()
      .get('/api/v1/platform/communities/yaohua/admins')
      .set('Authorization', await bearer('platform_admin'));
    expect((admins.body.items as { id: string }[]).map((admin) => admin.id)).toEqual([adminId]);

    const reset = await post(`/api/v1/platform/communities/yaohua/admins/${adminId}/password-reset`, await bearer('platform_admin'));
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    const ended = await http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${working.body.accessToken as string}`);
    expect([ended.status, ended.body.code]).toEqual([401, 'session_ended']);
    expect((await login('yaohua', 'li-admin', newPassword)).status).toBe(401);
    const again = await login('yaohua', 'li-admin', reset.body.oneTimePassword as string);
    expect(again.status).toBe(200);
    const me = await http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${again.body.accessToken as string}`);
    expect(me.body.mustChangePassword).toBe(true);
  });

  it('resets only admins of a community: a member, an unknown user or the platform itself is not_found', async () => {
    const auth = await bearer('platform_admin');
    const member = handle.get().demoUsers.get('li-shifu');
    for (const path of [
      `/api/v1/platform/communities/xianlin/admins/${member}/password-reset`,
      '/api/v1/platform/communities/xianlin/admins/u-000000000000/password-reset',
      `/api/v1/platform/communities/${platformCommunity}/admins/${handle.get().platformAdminId}/password-reset`,
    ]) {
      const response = await post(path, auth);
      expect([response.status, response.body.code], path).toEqual([404, 'not_found']);
    }
  });

  it("a platform admin reads no community's own data, and a community admin none of the platform's", async () => {
    for (const path of ['/api/v1/members', '/api/v1/users', '/api/v1/households', '/api/v1/audit-log', '/api/v1/accounts']) {
      const response = await http()
        .get(path)
        .set('Authorization', await bearer('platform_admin'));
      expect([response.status, response.body.code], path).toEqual([403, 'forbidden']);
    }
    const response = await http()
      .get('/api/v1/platform/communities')
      .set('Authorization', await bearer('admin'));
    expect([response.status, response.body.code]).toEqual([403, 'forbidden']);
    // Nor can an admin make a platform admin in their community: the role is not theirs to give.
    const made = await post('/api/v1/users', await bearer('admin'), {
      username: 'would-be-platform',
      displayName: '冒充',
      role: 'platform_admin',
      password: 'a long enough password',
    });
    expect([made.status, made.body.code]).toEqual([400, 'validation_failed']);
  });

  it('the database refuses a platform admin outside the platform, and a community role inside it', async () => {
    const knex = handle.get().deps.knex;
    const row = (community: string, role: string) => ({
      community_id: community,
      id: `u-db${String(serial).padStart(10, '0')}`,
      username: `db-check-${(serial += 1)}`,
      display_name: '检查',
      role,
      password_hash: 'scrypt$x',
    });
    await expect(knex('users').insert(row('xianlin', 'platform_admin'))).rejects.toThrow(/does not belong/);
    await expect(knex('users').insert(row(platformCommunity, 'admin'))).rejects.toThrow(/does not belong/);
  });

  it("an admin resets a member's password: the member's sessions end, the one-time password must be changed", async () => {
    const admin = await bearer('admin');
    const created = await post('/api/v1/members', admin, {
      username: 'forgetful',
      displayName: '健忘的志愿者',
      password: 'the first password of this member',
    });
    expect(created.status).toBe(201);
    const session = await login('xianlin', 'forgetful', 'the first password of this member');
    const reset = await post(`/api/v1/users/${created.body.id as string}/password-reset`, admin);
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body).toMatchObject({ userId: created.body.id, username: 'forgetful' });
    const ended = await http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${session.body.accessToken as string}`);
    expect([ended.status, ended.body.code]).toEqual([401, 'session_ended']);
    const next = await login('xianlin', 'forgetful', reset.body.oneTimePassword as string);
    expect(next.status).toBe(200);
    const blocked = await http()
      .get('/api/v1/me/balances')
      .set('Authorization', `Bearer ${next.body.accessToken as string}`);
    expect([blocked.status, blocked.body.code]).toEqual([403, 'password_change_required']);
    const audit = await handle
      .get()
      .deps.knex('audit_log')
      .where({ community_id: 'xianlin', action: 'user.password_reset', target: `user:${created.body.id as string}` });
    expect(audit).toHaveLength(1);
    // Their own password is changed with the current one, not reset.
    const self = await post(`/api/v1/users/${handle.get().demoUsers.get('admin') ?? ''}/password-reset`, admin);
    expect([self.status, self.body.code]).toEqual([409, 'self_change_refused']);
  });
});
