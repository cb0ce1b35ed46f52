import { expect, it } from 'vitest';
import { demoPassword } from '../../src/demo/demo-data.js';
import { demoAccount, describeOnDatabases } from '../test-support/test-app.js';

describeOnDatabases('account management (admins)', (handle) => {
  const admin = async () => `Bearer ${await handle.get().tokenFor(demoAccount('admin'))}`;

  it('creates an account of any role; the creation is audited', async () => {
    const response = await handle
      .get()
      .http()
      .post('/api/v1/users')
      .set('Authorization', await admin())
      .set('Idempotency-Key', 'user-1')
      .send({ username: 'new-auditor', displayName: '新审计', role: 'auditor', password: 'auditor password 1' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ username: 'new-auditor', role: 'auditor', isDemo: false, disabled: false });
    expect(JSON.stringify(response.body)).not.toContain('scrypt');
    const audit = await handle
      .get()
      .deps.knex('audit_log')
      .select('action', 'actor', 'details')
      .where({ community_id: 'xianlin', target: `user:${response.body.id}` });
    expect(audit).toEqual([
      { action: 'user.created', actor: handle.get().demoUsers.get('admin'), details: { role: 'auditor', username: 'new-auditor' } },
    ]);
  });

  it('changes a role (audited); the change ends the user’s sessions and the next login has the new role', async () => {
    const login = await handle
      .get()
      .http()
      .post('/api/v1/auth/login')
      .send({ community: 'xianlin', username: 'member', password: demoPassword });
    const id = handle.get().demoUsers.get('member') ?? '';
    const change = await handle
      .get()
      .http()
      .patch(`/api/v1/users/${id}`)
      .set('Authorization', await admin())
      .send({ role: 'staff' });
    expect(change.status).toBe(200);
    expect(change.body.role).toBe('staff');
    const refreshed = await handle.get().http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken });
    expect([refreshed.status, refreshed.body.code]).toEqual([401, 'refresh_token_invalid']);
    const again = await handle
      .get()
      .http()
      .post('/api/v1/auth/login')
      .send({ community: 'xianlin', username: 'member', password: demoPassword });
    expect(again.body.user.role).toBe('staff');
    const audit = await handle
      .get()
      .deps.knex('audit_log')
      .select('details')
      .where({ community_id: 'xianlin', target: `user:${id}`, action: 'user.role_changed' });
    expect(audit).toEqual([{ details: { from: 'member', to: 'staff' } }]);
    await handle
      .get()
      .http()
      .patch(`/api/v1/users/${id}`)
      .set('Authorization', await admin())
      .send({ role: 'member' });
  });

  it('refuses an admin changing their own role or disabling themselves', async () => {
    const id = handle.get().demoUsers.get('admin') ?? '';
    for (const body of [{ role: 'member' }, { disabled: true }]) {
      const response = await handle
        .get()
        .http()
        .patch(`/api/v1/users/${id}`)
        .set('Authorization', await admin())
        .send(body);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('self_change_refused');
    }
  });

  it('disabling an account ends its sessions and refuses its logins', async () => {
    const login = await handle
      .get()
      .http()
      .post('/api/v1/auth/login')
      .send({ community: 'xianlin', username: 'new-auditor', password: 'auditor password 1' });
    const id = login.body.user.id as string;
    expect(
      (
        await handle
          .get()
          .http()
          .patch(`/api/v1/users/${id}`)
          .set('Authorization', await admin())
          .send({ disabled: true })
      ).status,
    ).toBe(200);
    expect((await handle.get().http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken })).status).toBe(401);
    const again = await handle
      .get()
      .http()
      .post('/api/v1/auth/login')
      .send({ community: 'xianlin', username: 'new-auditor', password: 'auditor password 1' });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('account_disabled');
  });

  it('audit log pages back without skipping entries', async () => {
    const token = `Bearer ${await handle.get().tokenFor(demoAccount('auditor'))}`;
    const all = await handle.get().http().get('/api/v1/audit-log?limit=100').set('Authorization', token);
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page = await handle
        .get()
        .http()
        .get(`/api/v1/audit-log?limit=2${next === null ? '' : `&before=${encodeURIComponent(next)}`}`)
        .set('Authorization', token);
      expect(page.status).toBe(200);
      seen.push(...(page.body.items as { id: string }[]).map((entry) => entry.id));
      next = page.body.next as string | null;
    } while (next !== null && seen.length < 200);
    expect(seen).toEqual((all.body.items as { id: string }[]).map((entry) => entry.id));
  });

  it('the audit log refuses changes at the database', async () => {
    await expect(handle.get().deps.knex('audit_log').where({ community_id: 'xianlin' }).delete()).rejects.toThrow(
      /never changed or deleted/,
    );
  });
});
