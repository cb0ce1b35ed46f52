// Strings PostgreSQL cannot store (U+0000, unpaired surrogates) are refused as validation
// failures in every part of every request, before any handler runs. Both used to end in a 500:
// a login with `"username": "li\u0000"`, and a household created with `"name": "\ud800"`
// (written, then the stored Idempotency-Key answer failed in jsonb).
import { describe, expect, it } from 'vitest';
import { describeOnDatabases, demoAccount } from './test-support/test-app.js';
import { unstorableStrings } from '../src/validation.js';

describe('unstorableStrings', () => {
  it('finds U+0000 and unpaired surrogates in values and keys, and passes paired ones', () => {
    expect(unstorableStrings({ name: '李师傅 😀', tags: ['a', 'b'] }, 'body')).toEqual([]);
    expect(
      unstorableStrings({ name: 'li\u0000', list: ['ok', '\ud800'], nested: { '\udfffkey': 1 }, tail: 'x\udc00' }, 'body')
        .map((problem) => problem.pointer)
        .sort(),
    ).toEqual(['/list/1', '/name', '/nested/\ufffdkey', '/tail']);
  });

  it('walks a body nested deeper than the call stack', () => {
    let deep: unknown = '\u0000';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    const problems = unstorableStrings(deep, 'body');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.pointer).toBe('/0'.repeat(100_000));
  });
});

describeOnDatabases('unstorable text in requests', (handle) => {
  it('a login with U+0000 in the username is a validation failure, not a 500', async () => {
    const response = await handle
      .get()
      .http()
      .post('/api/v1/auth/login')
      .send({ community: 'xianlin', username: 'li\u0000', password: 'whatever password' });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [{ in: 'body', pointer: '/username' }] });
  });

  it('a household named with an unpaired surrogate is refused and not written', async () => {
    const app = handle.get();
    const count = async () => Number(((await app.deps.knex('households').count({ n: '*' })) as { n: string | number }[])[0]?.n);
    const before = await count();
    const response = await app
      .http()
      .post('/api/v1/households')
      .set('Authorization', `Bearer ${await app.tokenFor(demoAccount('coordinator'))}`)
      .set('Idempotency-Key', 'unstorable-household-1')
      .set('Content-Type', 'application/json')
      .send('{"name":"\\ud800","address":"仙林社区 1栋"}');
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [{ in: 'body', pointer: '/name' }] });
    expect(await count()).toBe(before);
  });

  it('U+0000 in a refresh token is refused too, at refresh and at logout', async () => {
    const app = handle.get();
    for (const path of ['/api/v1/auth/refresh', '/api/v1/auth/logout']) {
      const response = await app.http().post(path).send({ refreshToken: 'xianlin.\u0000.secret' });
      expect(response.status, path).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation_failed', errors: [{ in: 'body', pointer: '/refreshToken' }] });
    }
  });
});
