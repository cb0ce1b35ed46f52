// The session check and the write are one step: a writing request locks the caller's user row and
// session row (FOR SHARE) in its own transaction, so a demotion, a disabling or a logout committing
// while it runs is either waited for and seen (the write is refused) or comes after the write.
// And demo accounts' tokens, issued while demo mode was on, stop working once it is off.
import jwt from 'jsonwebtoken';
import { expect, it } from 'vitest';
import { demoPassword } from '../../src/demo/demo-data.js';
import { demoAccount, describeOnDatabases } from '../test-support/test-app.js';

describeOnDatabases('the session check of a write holds until the write commits', (handle) => {
  const body = (name: string) => ({ name, address: '仙林社区 9栋' });

  it('a demotion committing while a coordinator’s write runs: the write waits for it and is refused (PostgreSQL)', async (context) => {
    const app = handle.get();
    if (app.kind !== 'postgres') context.skip('PGlite has one connection: nothing runs concurrently');
    const token = `Bearer ${await app.tokenFor(demoAccount('coordinator'))}`;
    const coordinatorId = app.demoUsers.get('coordinator') ?? '';
    const households = async () => Number(((await app.deps.knex('households').count({ n: '*' }).first()) as { n: string | number }).n);
    const before = await households();
    // An admin's change, as user-admin.ts makes it, holding its row lock until the test commits it.
    const demotion = await app.deps.knex.transaction();
    try {
      await demotion('users')
        .where({ community_id: 'xianlin', id: coordinatorId })
        .update({ role: 'member', session_version: app.deps.knex.raw('session_version + 1') });
      const pending = app
        .http()
        .post('/api/v1/households')
        .set('Authorization', token)
        .set('Idempotency-Key', 'demoted-midway')
        .send(body('降级中'))
        .then((response) => response);
      let answered = false;
      void pending.then(() => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The check before the write read the committed row (still a coordinator); the write itself waits.
      expect(answered, 'the write waits for the demotion to commit or roll back').toBe(false);
      await demotion.commit();
      const response = await pending;
      expect(response.status, JSON.stringify(response.body)).toBe(401);
      expect(response.body.code).toBe('session_ended');
      expect(await households()).toBe(before);
    } finally {
      if (!demotion.isCompleted()) await demotion.rollback();
      await app.deps.knex('users').where({ community_id: 'xianlin', id: coordinatorId }).update({ role: 'coordinator' });
    }
  });

  it('a logout committing while a write runs: the write waits and is refused (PostgreSQL)', async (context) => {
    const app = handle.get();
    if (app.kind !== 'postgres') context.skip('PGlite has one connection: nothing runs concurrently');
    const login = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ community: 'xianlin', username: 'coordinator', password: demoPassword });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const token = `Bearer ${login.body.accessToken as string}`;
    const sessionId = String((jwt.decode(login.body.accessToken as string) as { sid?: unknown }).sid);
    const logout = await app.deps.knex.transaction();
    try {
      const ended = await logout('sessions').where({ community_id: 'xianlin', id: sessionId }).update({ ended_at: new Date() });
      expect(ended).toBe(1);
      const pending = app
        .http()
        .post('/api/v1/households')
        .set('Authorization', token)
        .set('Idempotency-Key', 'logged-out-midway')
        .send(body('登出中'))
        .then((response) => response);
      let answered = false;
      void pending.then(() => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(answered, 'the write waits for the logout').toBe(false);
      await logout.commit();
      const response = await pending;
      expect(response.status, JSON.stringify(response.body)).toBe(401);
      expect(response.body.code).toBe('session_ended');
    } finally {
      if (!logout.isCompleted()) await logout.rollback();
    }
  });

  it('refuses a demo account’s token, issued in demo mode, once the service runs with demo mode off', async () => {
    const app = handle.get();
    // A login of its own: the tests above ended the coordinator's sessions.
    const login = await app.http().post('/api/v1/auth/login').send({ community: 'xianlin', username: 'admin', password: demoPassword });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const token = `Bearer ${login.body.accessToken as string}`;
    expect((await app.http().get('/api/v1/members?limit=1').set('Authorization', token)).status).toBe(200);
    const production = app.variant({ demo: false });
    for (const send of [
      () => production.http().get('/api/v1/members?limit=1').set('Authorization', token),
      () => production.http().get('/api/v1/me').set('Authorization', token),
      () =>
        production
          .http()
          .post('/api/v1/households')
          .set('Authorization', token)
          .set('Idempotency-Key', 'demo-off-write')
          .send(body('演示关')),
    ]) {
      const response = await send();
      expect(response.status, JSON.stringify(response.body)).toBe(401);
      expect(response.body.code).toBe('session_ended');
    }
    // A real account of the same community is not affected.
    const other = `Bearer ${await app.tokenFor({ community: 'gulou', username: 'coordinator' })}`;
    expect((await production.http().get('/api/v1/members?limit=1').set('Authorization', other)).status).toBe(200);
  });
});
