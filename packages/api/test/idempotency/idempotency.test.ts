import { describe, expect, it } from 'vitest';
import { demoAccount, describeOnDatabases } from '../test-support/test-app.js';

describeOnDatabases('Idempotency-Key on writing POSTs', (handle) => {
  const create = async (key: string | undefined, body: object) => {
    const request = handle
      .get()
      .http()
      .post('/api/v1/households')
      .set('Authorization', `Bearer ${await handle.get().tokenFor(demoAccount('coordinator'))}`);
    return (key === undefined ? request : request.set('Idempotency-Key', key)).send(body);
  };
  const count = async () => Number(((await handle.get().deps.knex('households').count({ n: '*' }).first()) as { n: string | number }).n);

  it('needs the header: 400 idempotency_key_required, and nothing is written', async () => {
    const before = await count();
    const response = await create(undefined, { name: '无键', address: '仙林社区 2栋' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('idempotency_key_required');
    expect(await count()).toBe(before);
  });

  it('refuses keys that are too long, hold spaces or are not ASCII', async () => {
    for (const key of ['k'.repeat(129), 'has space', 'caf\u00e9']) {
      const response = await create(key, { name: '坏键', address: '仙林社区 2栋' });
      expect(response.status, key).toBe(400);
      expect(response.body.code).toBe('idempotency_key_invalid');
    }
  });

  it('replays the first response for the same key and body, writing once', async () => {
    const before = await count();
    const body = { name: '重放户', address: '仙林社区 4栋' };
    const first = await create('replay-1', body);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await create('replay-1', body);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await count()).toBe(before + 1);
  });

  it('treats the same body with keys in another order as the same request', async () => {
    const first = await create('order-1', { name: '顺序户', address: '仙林社区 5栋' });
    const second = await create('order-1', { address: '仙林社区 5栋', name: '顺序户' });
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.code).toBe(first.body.code);
  });

  it('refuses the same key with a different body: 422 idempotency_key_reused', async () => {
    await create('reused-1', { name: '甲', address: '仙林社区 6栋' });
    const response = await create('reused-1', { name: '乙', address: '仙林社区 6栋' });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('idempotency_key_reused');
  });

  it('scopes keys per user: another user may use the same key', async () => {
    await create('shared-key', { name: '丙', address: '仙林社区 7栋' });
    const response = await handle
      .get()
      .http()
      .post('/api/v1/households')
      .set('Authorization', `Bearer ${await handle.get().tokenFor(demoAccount('admin'))}`)
      .set('Idempotency-Key', 'shared-key')
      .send({ name: '丙', address: '仙林社区 7栋' });
    expect(response.status).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
  });

  it('does not store a request that failed validation, so the key can be used once it is fixed', async () => {
    const bad = await create('fix-me', { name: '', address: '仙林社区 8栋' });
    expect(bad.status).toBe(400);
    const good = await create('fix-me', { name: '丁', address: '仙林社区 8栋' });
    expect(good.status).toBe(201);
  });

  it('stores refusals too: a replay of a refused request gets the same refusal', async () => {
    const token = await handle.get().tokenFor(demoAccount('admin'));
    const body = { username: 'wang-ayi', displayName: '重名', role: 'member', password: 'a long enough password' };
    const send = () =>
      handle.get().http().post('/api/v1/users').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'taken-1').send(body);
    const first = await send();
    expect(first.status).toBe(409);
    expect(first.body.code).toBe('username_taken');
    const second = await send();
    expect(second.status).toBe(409);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('takes effect once when the same request arrives many times at once', async () => {
    const before = await count();
    const body = { name: '并发户', address: '仙林社区 9栋' };
    const responses = await Promise.all(Array.from({ length: 8 }, () => create('concurrent-1', body)));
    const statuses = responses.map((response) => response.status);
    // Each is either the first answer, a replay of it, or "still in flight".
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const codes = new Set(responses.filter((response) => response.status === 201).map((response) => response.body.code as string));
    expect(codes.size).toBe(1);
    expect(await count()).toBe(before + 1);
    const inFlight = responses.find((response) => response.status === 409);
    if (inFlight !== undefined) expect(inFlight.body.code).toBe('idempotency_key_in_flight');
  });
});

describe('Idempotency-Key scope', () => {
  it('applies to writing POSTs only: auth routes and PATCH routes do not ask for it', async () => {
    const { allRoutes } = await import('../../src/routes/index.js');
    // Every POST outside /auth writes, so every one of them takes a key; nothing else does.
    const writingPosts = allRoutes.filter((route) => route.method === 'post' && !route.path.startsWith('/api/v1/auth/'));
    expect(writingPosts.length).toBeGreaterThan(3);
    expect(writingPosts.filter((route) => !route.idempotent).map((route) => route.operationId)).toEqual([]);
    expect(
      allRoutes
        .filter((route) => route.idempotent && (route.method !== 'post' || route.path.startsWith('/api/v1/auth/')))
        .map((route) => route.operationId),
    ).toEqual([]);
  });
});
