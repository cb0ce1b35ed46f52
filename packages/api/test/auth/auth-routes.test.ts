import { describe, expect, it } from 'vitest';
import { demoPassword } from '../../src/demo/demo-data.js';
import { describeOnDatabases, otherCommunity, otherPassword, testLoginLimits } from '../test-support/test-app.js';

describeOnDatabases('auth routes', (handle) => {
  const login = (body: Record<string, unknown>) => handle.get().http().post('/api/v1/auth/login').send(body);

  describe('POST /api/v1/auth/login', () => {
    it('logs in with community, username and password, and the token works', async () => {
      const response = await login({ community: 'xianlin', username: 'coordinator', password: demoPassword });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { username: 'coordinator', role: 'coordinator', community: 'xianlin', displayName: '刘社工' },
      });
      const me = await handle.get().http().get('/api/v1/me').set('Authorization', `Bearer ${response.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body.community).toEqual({ id: 'xianlin', name: '仙林街道仙林社区', isDemo: true, isPlatform: false });
    });

    it('accepts the username in any case', async () => {
      expect((await login({ community: 'xianlin', username: 'WANG-AYI', password: demoPassword })).status).toBe(200);
    });

    it('answers a wrong password, an unknown user and an unknown community alike: 401 invalid_credentials', async () => {
      for (const body of [
        { community: 'xianlin', username: 'coordinator', password: 'wrong password' },
        { community: 'xianlin', username: 'nobody', password: demoPassword },
        { community: 'nowhere', username: 'coordinator', password: demoPassword },
        { community: otherCommunity, username: 'coordinator', password: demoPassword },
      ]) {
        const response = await login(body);
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ code: 'invalid_credentials', title: 'The community, username or password is wrong' });
      }
    });

    it('rate-limits failures per username and address (429 with Retry-After), whatever the password', async () => {
      const limited = handle
        .get()
        .variant({ loginLimits: { ...testLoginLimits, perUsernameAndAddress: { limit: 3, windowMs: 60_000, keysMax: 100 } } });
      const attempt = (password: string) =>
        limited.http().post('/api/v1/auth/login').send({ community: 'xianlin', username: 'staff', password });
      for (let index = 0; index < 3; index += 1) expect((await attempt('wrong password')).status).toBe(401);
      const refused = await attempt(demoPassword);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Another username is not affected.
      expect(
        (await limited.http().post('/api/v1/auth/login').send({ community: 'xianlin', username: 'auditor', password: demoPassword }))
          .status,
      ).toBe(200);
    });

    it('rate-limits failures per client address across usernames', async () => {
      const limited = handle
        .get()
        .variant({ loginLimits: { ...testLoginLimits, perAddress: { limit: 2, windowMs: 60_000, keysMax: 100 } } });
      const attempt = (username: string) =>
        limited.http().post('/api/v1/auth/login').send({ community: 'xianlin', username, password: 'wrong password' });
      expect((await attempt('a1')).status).toBe(401);
      expect((await attempt('a2')).status).toBe(401);
      expect((await attempt('a3')).status).toBe(429);
    });

    it('refuses demo accounts outside demo mode with 403 demo_account_disabled, but not other accounts', async () => {
      const production = handle.get().variant({ demo: false });
      const demo = await production
        .http()
        .post('/api/v1/auth/login')
        .send({ community: 'xianlin', username: 'admin', password: demoPassword });
      expect(demo.status).toBe(403);
      expect(demo.body.code).toBe('demo_account_disabled');
      // A wrong password still answers 401: the demo flag is told only to someone who knows the password.
      const wrong = await production
        .http()
        .post('/api/v1/auth/login')
        .send({ community: 'xianlin', username: 'admin', password: 'not the password' });
      expect(wrong.status).toBe(401);
      const real = await production
        .http()
        .post('/api/v1/auth/login')
        .send({ community: otherCommunity, username: 'admin', password: otherPassword });
      expect(real.status).toBe(200);
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('rotates the refresh token; reuse of a rotated token revokes the whole family', async () => {
      const first = await login({ community: 'xianlin', username: 'member', password: demoPassword });
      const second = await handle.get().http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
      expect(second.body.user).toMatchObject({ username: 'member', role: 'member' });

      const reuse = await handle.get().http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('refresh_token_reused');
      // The family is revoked: the newest token no longer works either.
      const after = await handle.get().http().post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('refresh_token_invalid');
    });

    it('lets exactly one of two concurrent refreshes with one token succeed', async () => {
      const first = await login({ community: 'xianlin', username: 'li-shifu', password: demoPassword });
      const results = await Promise.all(
        [0, 1].map(() => handle.get().http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken })),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, 401]);
    });

    it('refuses an unknown, malformed or tampered refresh token', async () => {
      const first = await login({ community: 'xianlin', username: 'zhao-daye', password: demoPassword });
      const token = first.body.refreshToken as string;
      const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      for (const refreshToken of [tampered, 'not-a-token', `gulou${token.slice('xianlin'.length)}`]) {
        const response = await handle.get().http().post('/api/v1/auth/refresh').send({ refreshToken });
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('refresh_token_invalid');
      }
      // The genuine token still works: failed guesses do not revoke it.
      expect((await handle.get().http().post('/api/v1/auth/refresh').send({ refreshToken: token })).status).toBe(200);
    });

    it('refuses to refresh a demo session once demo mode is off', async () => {
      const first = await login({ community: 'xianlin', username: 'auditor', password: demoPassword });
      const response = await handle
        .get()
        .variant({ demo: false })
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.body.refreshToken });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('demo_account_disabled');
    });
  });

  describe('POST /api/v1/auth/logout', () => {
    it('revokes the session: its refresh token stops working; logging out twice is fine', async () => {
      const first = await login({ community: 'xianlin', username: 'wang-ayi', password: demoPassword });
      const logout = await handle.get().http().post('/api/v1/auth/logout').send({ refreshToken: first.body.refreshToken });
      expect(logout.status).toBe(204);
      expect(logout.text).toBe('');
      expect((await handle.get().http().post('/api/v1/auth/logout').send({ refreshToken: first.body.refreshToken })).status).toBe(204);
      const refresh = await handle.get().http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
      expect(refresh.status).toBe(401);
    });

    it('needs a refresh token in the body', async () => {
      const response = await handle.get().http().post('/api/v1/auth/logout').send({});
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ in: 'body', pointer: '/refreshToken', detail: expect.any(String) }]);
    });
  });

  describe('refresh tokens at rest', () => {
    it('stores only a hash of the refresh token', async () => {
      const first = await login({ community: 'xianlin', username: 'staff', password: demoPassword });
      const secret = (first.body.refreshToken as string).split('.')[2] ?? '';
      const rows = (await handle.get().deps.knex('refresh_tokens').select('*')) as Record<string, unknown>[];
      expect(JSON.stringify(rows)).not.toContain(secret);
    });
  });
});
