// A user with a one-time password may only read their account and change the password; the change
// checks the current password and the strength rule, ends the user's other sessions and lifts the gate.
import { describe, expect, it } from 'vitest';
import { describeOnDatabases } from '../test-support/test-app.js';
import { setMustChangePassword } from '../../src/auth/password-change.js';

describeOnDatabases('a password that must be changed', (handle) => {
  const first = 'the first password here';
  let serial = 0;

  /** A new staff account of the demo community (created by its admin), flagged as an operator's reset does. */
  const flaggedUser = async () => {
    const app = handle.get();
    const username = `fresh-${(serial += 1)}`;
    const admin = await app.tokenFor({ community: 'xianlin', username: 'admin' });
    const created = await app
      .http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .set('Idempotency-Key', `pw-${username}`)
      .send({ username, displayName: '新用户', role: 'staff', password: first });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await setMustChangePassword(app.deps.knex, 'xianlin', created.body.id as string, true);
    const login = await app.http().post('/api/v1/auth/login').send({ community: 'xianlin', username, password: first });
    expect(login.status).toBe(200);
    return { username, token: login.body.accessToken as string, refreshToken: login.body.refreshToken as string };
  };

  it('answers only GET /api/v1/me and the password change until then: everything else is 403 password_change_required', async () => {
    const app = handle.get();
    const user = await flaggedUser();
    const me = await app.http().get('/api/v1/me').set('Authorization', `Bearer ${user.token}`);
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(true);
    for (const path of ['/api/v1/stores', '/api/v1/households', '/api/v1/accounts']) {
      const refused = await app.http().get(path).set('Authorization', `Bearer ${user.token}`);
      expect(refused.status, path).toBe(403);
      expect(refused.body).toMatchObject({
        code: 'password_change_required',
        detail: 'choose a new password first: POST /api/v1/me/password',
      });
    }
  });

  it('refuses a wrong current password and weak new ones, changing nothing', async () => {
    const app = handle.get();
    const user = await flaggedUser();
    const change = (body: Record<string, string>) =>
      app
        .http()
        .post('/api/v1/me/password')
        .set('Authorization', `Bearer ${user.token}`)
        .set('Idempotency-Key', `pw-change-${(serial += 1)}`)
        .send(body);
    const wrong = await change({ currentPassword: 'not the password at all', newPassword: 'a brand new sentence' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('current_password_wrong');
    for (const [newPassword, code, detail] of [
      ['short', 'validation_failed', undefined],
      ['password1234', 'password_too_weak', /guessers try first/],
      [first, 'password_too_weak', /the current password/],
      [`${user.username}-and-more`, 'password_too_weak', /contains the username/],
    ] as const) {
      const refused = await change({ currentPassword: first, newPassword });
      expect(refused.body.code, newPassword).toBe(code);
      if (detail !== undefined) expect(refused.body.detail).toMatch(detail);
    }
    expect(
      (await app.http().post('/api/v1/auth/login').send({ community: 'xianlin', username: user.username, password: first })).status,
    ).toBe(200);
  });

  it('changes the password, ends the other sessions, and lifts the gate', async () => {
    const app = handle.get();
    const user = await flaggedUser();
    const elsewhere = await app.http().post('/api/v1/auth/login').send({ community: 'xianlin', username: user.username, password: first });
    expect(elsewhere.status).toBe(200);
    const changed = await app
      .http()
      .post('/api/v1/me/password')
      .set('Authorization', `Bearer ${user.token}`)
      .set('Idempotency-Key', `pw-change-${(serial += 1)}`)
      .send({ currentPassword: first, newPassword: 'a brand new sentence' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(204);
    // The session on another device has ended; the one that made the change carries on.
    expect(
      (
        await app
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: elsewhere.body.refreshToken as string })
      ).body.code,
    ).toBe('refresh_token_invalid');
    expect((await app.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(200);
    expect(
      (await app.http().post('/api/v1/auth/login').send({ community: 'xianlin', username: user.username, password: first })).status,
    ).toBe(401);
    const login = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ community: 'xianlin', username: user.username, password: 'a brand new sentence' });
    expect(login.status).toBe(200);
    const stores = await app
      .http()
      .get('/api/v1/stores')
      .set('Authorization', `Bearer ${login.body.accessToken as string}`);
    expect(stores.status).toBe(200);
    const audit = await app.deps
      .knex('audit_log')
      .where({ community_id: 'xianlin', action: 'user.password_changed' })
      .count({ count: '*' });
    expect(Number(audit[0]?.['count'])).toBeGreaterThanOrEqual(1);
  });
});

describe('the strength rule', () => {
  it('is exercised through the route above; the list and rules live in password-strength.ts', async () => {
    const { passwordWeakness } = await import('../../src/auth/password-strength.js');
    expect(passwordWeakness('correct horse battery', { username: 'li' })).toBeUndefined();
    expect(passwordWeakness('aaaaaaaaaaaaaaab', { username: 'li' })).toMatch(/mostly one character/);
    expect(passwordWeakness('Pass Word 1234', { username: 'li' })).toMatch(/guessers try first/);
  });
});
