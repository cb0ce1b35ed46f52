// Sessions end at once: a role change, disabling, a new password and logout refuse the old access
// and refresh tokens on the very next request, on every instance of the service.
import jwt from 'jsonwebtoken';
import { expect, it } from 'vitest';
import { demoAccount, describeOnDatabases, testKeys, type TestApp } from '../test-support/test-app.js';
import { accessTokenAudience, accessTokenIssuer } from '../../src/auth/access-tokens.js';
import type { Role } from '../../src/auth/roles.js';

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

describeOnDatabases('sessions end at once', (handle) => {
  const password = 'the first password of this account';
  const newPassword = 'a second password, long enough';
  let serial = 0;
  const http = () => handle.get().http();
  const admin = async () => `Bearer ${await handle.get().tokenFor(demoAccount('admin'))}`;

  /** A fresh account per test, so that each test ends only its own sessions. */
  const account = async (role: Role): Promise<{ id: string; username: string }> => {
    serial += 1;
    const username = `session-${role}-${serial}`;
    const created = await http()
      .post('/api/v1/users')
      .set('Authorization', await admin())
      .set('Idempotency-Key', `sessions-end-${serial}`)
      .send({ username, displayName: '会话测试', role, password });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { id: created.body.id as string, username };
  };
  const login = async (username: string, secret = password): Promise<Tokens & { user: { role: Role } }> => {
    const response = await http().post('/api/v1/auth/login').send({ community: 'xianlin', username, password: secret });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as Tokens & { user: { role: Role } };
  };
  const change = async (userId: string, body: Record<string, unknown>) => {
    const response = await http()
      .patch(`/api/v1/users/${userId}`)
      .set('Authorization', await admin())
      .send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };
  /** Members' names and phones: what a coordinator may read and a member may not. */
  const readMembers = (accessToken: string, instance: Pick<TestApp, 'http'> = handle.get()) =>
    instance.http().get('/api/v1/members?limit=5').set('Authorization', `Bearer ${accessToken}`);
  const readMe = (accessToken: string) => http().get('/api/v1/me').set('Authorization', `Bearer ${accessToken}`);
  const refresh = (refreshToken: string) => http().post('/api/v1/auth/refresh').send({ refreshToken });

  const expectEnded = async (tokens: Tokens) => {
    const read = await readMe(tokens.accessToken);
    expect([read.status, read.body.code]).toEqual([401, 'session_ended']);
    expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(read.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    const renewed = await refresh(tokens.refreshToken);
    expect([renewed.status, renewed.body.code]).toEqual([401, 'refresh_token_invalid']);
  };

  it('a coordinator demoted to member loses the coordinator’s reads on the next request, on every instance', async () => {
    const { id, username } = await account('coordinator');
    const session = await login(username);
    // A second instance of the service on the same database: no per-process memory decides.
    const otherInstance = handle.get().variant({});
    expect((await readMembers(session.accessToken)).status).toBe(200);
    expect((await readMembers(session.accessToken, otherInstance)).status).toBe(200);

    await change(id, { role: 'member' });
    const read = await readMembers(session.accessToken);
    expect([read.status, read.body.code]).toEqual([401, 'session_ended']);
    const elsewhere = await readMembers(session.accessToken, otherInstance);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([401, 'session_ended']);
    await expectEnded(session);

    // Logging in again gives the new role, with a member's reach only.
    const again = await login(username);
    expect(again.user.role).toBe('member');
    expect((await readMembers(again.accessToken)).status).toBe(403);
  });

  it('disabling an account ends its access token and its refresh token at once', async () => {
    const { id, username } = await account('coordinator');
    const session = await login(username);
    await change(id, { disabled: true });
    const read = await readMembers(session.accessToken);
    expect([read.status, read.body.code]).toEqual([401, 'session_ended']);
    await expectEnded(session);
    // Enabling the account again does not bring the old session back.
    await change(id, { disabled: false });
    await expectEnded(session);
  });

  it('a password reset by an admin ends every session of the account at once', async () => {
    const { id, username } = await account('staff');
    const [first, second] = [await login(username), await login(username)];
    await change(id, { password: newPassword });
    await expectEnded(first);
    await expectEnded(second);
    const old = await http().post('/api/v1/auth/login').send({ community: 'xianlin', username, password });
    expect(old.status).toBe(401);
    expect((await readMe((await login(username, newPassword)).accessToken)).status).toBe(200);
  });

  it('a password change by the user ends their other sessions at once and keeps the one that made it', async () => {
    const { username } = await account('member');
    const elsewhere = await login(username);
    const here = await login(username);
    const changePassword = (tokens: Tokens, body: Record<string, unknown>, key: string) =>
      http().post('/api/v1/me/password').set('Authorization', `Bearer ${tokens.accessToken}`).set('Idempotency-Key', key).send(body);

    // The current password is asked for, so a borrowed access token cannot change it.
    const wrong = await changePassword(here, { currentPassword: 'not the password at all', newPassword }, `${username}-wrong`);
    expect([wrong.status, wrong.body.code]).toEqual([403, 'current_password_wrong']);
    expect((await readMe(elsewhere.accessToken)).status).toBe(200);

    const changed = await changePassword(here, { currentPassword: password, newPassword }, `${username}-right`);
    expect(changed.status, JSON.stringify(changed.body)).toBe(204);
    await expectEnded(elsewhere);
    expect((await readMe(here.accessToken)).status).toBe(200);
    const renewed = await refresh(here.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await readMe(renewed.body.accessToken as string)).status).toBe(200);
    expect((await http().post('/api/v1/auth/login').send({ community: 'xianlin', username, password })).status).toBe(401);
    await login(username, newPassword);
  });

  it('logout ends the access token of its session at once, and no other session', async () => {
    const { username } = await account('member');
    const [leaving, staying] = [await login(username), await login(username)];
    expect((await http().post('/api/v1/auth/logout').send({ refreshToken: leaving.refreshToken })).status).toBe(204);
    await expectEnded(leaving);
    expect((await readMe(staying.accessToken)).status).toBe(200);
  });

  it('a reused refresh token ends its session’s access tokens too', async () => {
    const { username } = await account('member');
    const first = await login(username);
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    expect((await refresh(first.refreshToken)).body.code).toBe('refresh_token_reused');
    const read = await readMe(rotated.body.accessToken as string);
    expect([read.status, read.body.code]).toEqual([401, 'session_ended']);
  });

  it('unchanged users keep working: a rename, another account’s change and a rotation end nothing', async () => {
    const { id, username } = await account('coordinator');
    const bystander = await account('coordinator');
    const session = await login(username);
    await change(id, { displayName: '改名以后' });
    await change(bystander.id, { role: 'member' });
    await change(bystander.id, { disabled: true });
    expect((await readMembers(session.accessToken)).status).toBe(200);
    // The access token issued before a rotation stays good until it expires: same session.
    const rotated = await refresh(session.refreshToken);
    expect(rotated.status).toBe(200);
    expect((await readMembers(session.accessToken)).status).toBe(200);
    expect((await readMembers(rotated.body.accessToken as string)).status).toBe(200);
  });

  it('an access token issued before sessions had ids keeps working while nothing changed, and ends with a change', async () => {
    const { id } = await account('coordinator');
    const legacy = jwt.sign({ role: 'coordinator', community: 'xianlin' }, testKeys.jwtSecret, {
      algorithm: 'HS256',
      expiresIn: 60,
      subject: id,
      jwtid: 'issued-before-sessions',
      issuer: accessTokenIssuer,
      audience: accessTokenAudience,
    });
    expect((await readMembers(legacy)).status).toBe(200);
    await change(id, { role: 'member' });
    const read = await readMembers(legacy);
    expect([read.status, read.body.code]).toEqual([401, 'session_ended']);
  });
});
