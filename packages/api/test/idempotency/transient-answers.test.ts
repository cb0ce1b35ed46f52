// A transient refusal (429, 503, any 5xx, a "busy, try again" 409) is no answer to the request:
// it must never become the stored answer of its Idempotency-Key, so that the retry with the same
// key, once the cause has passed, gets the one true outcome. A lasting refusal (404, 422, …) is
// an answer, stored and replayed.
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { buildApp } from '../../src/app.js';
import { ApiError, type ApiErrorCode } from '../../src/http-errors.js';
import { defineRoute, type Route } from '../../src/routing.js';
import { demoAccount, describeOnDatabases } from '../test-support/test-app.js';

/** What the test route does on its next call: throw this, or answer 201 with a count. */
type Next = { kind: 'throw'; error: unknown } | { kind: 'answer' };

function testRoutes(): { routes: Route[]; next: (value: Next) => void; calls: () => number } {
  let planned: Next = { kind: 'answer' };
  let count = 0;
  const handler = async ({ deps }: { deps: { knex: import('knex').Knex } }) => {
    count += 1;
    const now = planned;
    planned = { kind: 'answer' };
    // A write before the refusal: it must not survive a transient one either.
    await deps.knex.raw('select 1');
    if (now.kind === 'throw') throw now.error;
    return { call: count };
  };
  const response = { status: 201 as const, description: 'done', schema: z.strictObject({ call: z.number() }) };
  const routes = [
    defineRoute({
      operationId: 'testTransientOnce',
      method: 'post',
      path: '/test/once',
      summary: 'test',
      tag: 'test',
      access: ['coordinator'],
      idempotent: true,
      request: { body: z.strictObject({ n: z.number() }) },
      response,
      handler,
    }),
    defineRoute({
      operationId: 'testTransientResumable',
      method: 'post',
      path: '/test/resumable',
      summary: 'test',
      tag: 'test',
      access: ['coordinator'],
      idempotent: true,
      resumable: true,
      request: { body: z.strictObject({ n: z.number() }) },
      response,
      handler,
    }),
  ];
  return { routes, next: (value) => (planned = value), calls: () => count };
}

const sqlError = (code: string, message: string) => Object.assign(new Error(message), { code });

const transient: readonly [string, () => unknown, number][] = [
  ['429 rate_limited', () => new ApiError('rate_limited', { headers: { 'Retry-After': '30' } }), 429],
  ['503 not_ready', () => new ApiError('not_ready', { headers: { 'Retry-After': '1' } }), 503],
  ['500 internal_error thrown as a refusal', () => new ApiError('internal_error'), 500],
  ['409 idempotency_key_in_flight', () => new ApiError('idempotency_key_in_flight', { headers: { 'Retry-After': '1' } }), 409],
  ['a standby refusing the write (25006)', () => sqlError('25006', 'cannot execute INSERT in a read-only transaction'), 503],
  ['a statement timeout (57014)', () => sqlError('57014', 'canceling statement due to statement timeout'), 503],
  ['a lock timeout (55P03)', () => sqlError('55P03', 'canceling statement due to lock timeout'), 503],
  ['a full disk (53100)', () => sqlError('53100', 'could not extend file'), 503],
];

describeOnDatabases('transient refusals are not stored as a key’s answer', (handle) => {
  let http: () => ReturnType<typeof supertest>;
  let plan: ReturnType<typeof testRoutes>;
  let token: string;

  beforeAll(async () => {
    plan = testRoutes();
    const app = buildApp(handle.get().deps, plan.routes);
    http = () => supertest(app);
    token = `Bearer ${await handle.get().tokenFor(demoAccount('coordinator'))}`;
  });

  for (const path of ['/test/once', '/test/resumable']) {
    describe(path, () => {
      it.each(transient)('%s: the retry with the same key runs afresh and gets the real answer', async (what, error, status) => {
        const key = `transient-${path}-${what}`.replace(/[^\x21-\x7E]/g, '_');
        const send = () => http().post(path).set('Authorization', token).set('Idempotency-Key', key).send({ n: 1 });
        plan.next({ kind: 'throw', error: error() });
        const refused = await send();
        expect(refused.status).toBe(status);
        expect(refused.headers['content-type']).toMatch(/problem\+json/);
        if (status === 429 || status === 503) expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        const keyRows = await handle.get().deps.knex('idempotency_keys').where({ key }).select('state');
        expect(keyRows).toEqual([]);
        const before = plan.calls();
        const retry = await send();
        expect(retry.status).toBe(201);
        expect(retry.headers['idempotent-replayed']).toBeUndefined();
        expect(plan.calls()).toBe(before + 1);
        const again = await send();
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(again.body).toEqual(retry.body);
      });

      it('stores a lasting refusal (404) and replays it', async () => {
        const key = `lasting-${path}`;
        const send = () => http().post(path).set('Authorization', token).set('Idempotency-Key', key).send({ n: 2 });
        plan.next({ kind: 'throw', error: new ApiError('not_found' satisfies ApiErrorCode) });
        expect((await send()).status).toBe(404);
        const replay = await send();
        expect(replay.status).toBe(404);
        expect(replay.headers['idempotent-replayed']).toBe('true');
      });
    });
  }
});
