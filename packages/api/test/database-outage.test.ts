// While the database cannot be reached, every request that needs it is answered at once with 503
// `not_ready` and Retry-After (never a 500, never a hang) and /readyz fails; when it is back, the
// same service answers again without a restart, and a write refused meanwhile can be sent again.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { connectionAcquireTimeoutMs, openDatabase, type Database } from '@linli/ledger';
import type { Knex } from 'knex';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { databaseRetryAfterSeconds } from '../src/database-unavailable.js';
import { createDeps, type Deps } from '../src/deps.js';
import { demoCommunity, demoPassword } from '../src/demo/demo-data.js';
import { seedDemo } from '../src/demo/seed.js';
import { startTcpProxy, type TcpProxy } from './test-support/tcp-proxy.js';
import { openTestDatabase, postgresUrl, type TestDatabase } from './test-support/test-database.js';
import { testKeys, testLoginLimits } from './test-support/test-app.js';

/** An outage is answered well before a pooled connection would have been waited for. */
const answerWithinMs = connectionAcquireTimeoutMs / 2;

function appOn(database: Database) {
  const deps = createDeps({ database, jwtSecret: testKeys.jwtSecret, dataKey: testKeys.dataKey, demo: true, loginLimits: testLoginLimits });
  return { deps, http: () => supertest(buildApp(deps)) };
}

function bearer(deps: Deps, role: 'coordinator' | 'auditor' | 'member'): string {
  return `Bearer ${deps.accessTokens.issue({ userId: 'u-0000000000ab', role, community: demoCommunity.id, sessionId: 's-test' }).token}`;
}

type Http = ReturnType<typeof appOn>['http'];

/** Requests that each need the database: a public one, a read, a login and an idempotent write. */
function requests(http: Http, deps: Deps, key: string) {
  return [
    { name: 'GET /readyz', send: () => http().get('/readyz') },
    {
      name: 'POST /api/v1/auth/login',
      send: () => http().post('/api/v1/auth/login').send({ community: demoCommunity.id, username: 'coordinator', password: demoPassword }),
    },
    { name: 'GET /api/v1/members', send: () => http().get('/api/v1/members').set('Authorization', bearer(deps, 'coordinator')) },
    {
      name: 'GET /api/v1/audit/trial-balance',
      send: () => http().get('/api/v1/audit/trial-balance').set('Authorization', bearer(deps, 'auditor')),
    },
    {
      name: 'POST /api/v1/gifts',
      send: () =>
        http()
          .post('/api/v1/gifts')
          .set('Authorization', bearer(deps, 'member'))
          .set('Idempotency-Key', key)
          .send({ to: 'pool', hours: '0.50' }),
    },
  ];
}

async function expectNotReady(name: string, send: () => PromiseLike<supertest.Response>): Promise<void> {
  const started = Date.now();
  const response = await send();
  const tookMs = Date.now() - started;
  const what = `${name} → ${response.status} ${JSON.stringify(response.body)} in ${tookMs} ms`;
  expect(response.status, what).toBe(503);
  expect(response.headers['content-type'], what).toMatch(/^application\/problem\+json/);
  expect(response.body.code, what).toBe('not_ready');
  expect(response.headers['retry-after'], what).toBe(String(databaseRetryAfterSeconds));
  expect(tookMs, what).toBeLessThan(answerWithinMs);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a PostgreSQL server that is not there (a closed port)', () => {
  let database: Database;
  beforeAll(async () => {
    database = openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${await freePort()}/linli` });
  });
  afterAll(async () => database.close());

  it('answers every request that needs the database with 503 not_ready and Retry-After, at once', async () => {
    const { deps, http } = appOn(database);
    for (const { name, send } of requests(http, deps, 'closed-port-gift')) await expectNotReady(name, send);
    // The process itself is up.
    expect((await http().get('/healthz')).status).toBe(200);
  });
});

describe('an embedded database (PGlite) that was closed', () => {
  it('answers 503 not_ready with Retry-After, and /readyz fails', async () => {
    // No schema is needed: once closed, every query fails before it reaches a table.
    const database = openDatabase({});
    const { deps, http } = appOn(database);
    // Started first: the engine takes longer to start than /readyz waits for an answer.
    await database.knex.raw('select 1');
    expect((await http().get('/readyz')).status).toBe(200);
    // The WASM instance under knex's one connection stops, as after a crash of the embedded engine.
    await (database.knex.client as { pglite: { close(): Promise<void> } }).pglite.close();
    for (const { name, send } of requests(http, deps, 'closed-pglite-gift')) await expectNotReady(name, send);
    await database.knex.destroy().catch(() => undefined);
  });
});

describe.skipIf(postgresUrl === undefined)('a PostgreSQL server behind a proxy that is cut and restored, and backends terminated', () => {
  let scratch: TestDatabase;
  let proxy: TcpProxy;
  let proxied: Database;
  let app: ReturnType<typeof appOn>;
  let token: string;
  /** A coordinator's token from a real login: the session check reads the user and session. */
  let coordinatorToken: string;

  beforeAll(async () => {
    scratch = await openTestDatabase('postgres');
    await seedDemo(appOn(scratch.database).deps);
    const direct = new URL(scratch.url ?? '');
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || '5432') });
    const through = new URL(direct);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    proxied = openDatabase({ databaseUrl: through.toString() });
    app = appOn(proxied);
    const login = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ community: demoCommunity.id, username: 'member', password: demoPassword });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    token = `Bearer ${login.body.accessToken as string}`;
    const coordinator = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ community: demoCommunity.id, username: 'coordinator', password: demoPassword });
    expect(coordinator.status, JSON.stringify(coordinator.body)).toBe(200);
    coordinatorToken = `Bearer ${coordinator.body.accessToken as string}`;
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await proxied?.close();
    await scratch?.drop();
  });

  const gift = (key: string) =>
    app.http().post('/api/v1/gifts').set('Authorization', token).set('Idempotency-Key', key).send({ to: 'pool', hours: '0.50' });
  const giftCount = async (): Promise<number> =>
    Number(
      (
        (await scratch.database
          .knex('ledger_transactions')
          .count({ count: '*' })
          .where({ community_id: demoCommunity.id, kind: 'hour_gift' })) as { count: string | number }[]
      )[0]?.count ?? 0,
    );

  it('answers 503 not_ready while the proxy is cut, and again 200 once it is restored, without a restart', async () => {
    expect((await app.http().get('/api/v1/me/balances').set('Authorization', token)).status).toBe(200);
    const giftsBefore = await giftCount();
    await proxy.cut();
    for (const { name, send } of requests(app.http, app.deps, 'outage-gift')) await expectNotReady(name, send);
    await expectNotReady('POST /api/v1/gifts as a logged-in member', () => gift('outage-gift-member'));
    await expectNotReady('GET /api/v1/me/balances', () => app.http().get('/api/v1/me/balances').set('Authorization', token));
    expect(await giftCount()).toBe(giftsBefore);

    await proxy.restore();
    expect((await app.http().get('/readyz')).status).toBe(200);
    expect((await app.http().get('/api/v1/me/balances').set('Authorization', token)).status).toBe(200);
    // The gift refused during the outage was not half done: the same key sends it now, once.
    const sent = await gift('outage-gift-member');
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect((await gift('outage-gift-member')).headers['idempotent-replayed']).toBe('true');
    expect(await giftCount()).toBe(giftsBefore + 1);
  });

  it('answers a request whose backend is terminated (pg_terminate_backend) with 503 not_ready, then serves again', async () => {
    const name = new URL(scratch.url ?? '').pathname.slice(1);
    // A request held inside the database: while another connection holds the users table, listing
    // members waits on the lock; then every backend of the scratch database but the holder's ends.
    const holder = openDatabase({ databaseUrl: scratch.url, poolSize: 1 });
    const admin = openDatabase({ databaseUrl: postgresUrl, poolSize: 1 });
    let lock: Knex.Transaction | undefined;
    try {
      lock = await holder.knex.transaction();
      await lock.raw('lock table users in access exclusive mode');
      const holderPid = ((await lock.raw('select pg_backend_pid() as pid')) as { rows: { pid: number }[] }).rows[0]?.pid ?? 0;
      const waiting = app
        .http()
        .get('/api/v1/members')
        .set('Authorization', coordinatorToken)
        .then((response) => response);
      const deadline = Date.now() + 5_000;
      let blocked = 0;
      while (blocked === 0 && Date.now() < deadline) {
        const found = (await admin.knex.raw(
          "select count(*)::int as blocked from pg_stat_activity where datname = ? and wait_event_type = 'Lock'",
          [name],
        )) as { rows: { blocked: number }[] };
        blocked = found.rows[0]?.blocked ?? 0;
        if (blocked === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(blocked, 'a request waits on the lock').toBeGreaterThan(0);
      await admin.knex.raw('select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> ?', [name, holderPid]);
      const answered = await waiting;
      expect(answered.status, JSON.stringify(answered.body)).toBe(503);
      expect(answered.body.code).toBe('not_ready');
      expect(answered.headers['retry-after']).toBe(String(databaseRetryAfterSeconds));
    } finally {
      await lock?.rollback().catch(() => undefined);
      await admin.close();
      await holder.close();
    }
    // Connections terminated while idle in the pool are replaced: answers are 503 or 200, never
    // 500, and within a few tries 200.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 20 && statuses.at(-1) !== 200; attempt += 1) {
      const response = await app.http().get('/api/v1/members').set('Authorization', coordinatorToken);
      expect([200, 503], JSON.stringify(response.body)).toContain(response.status);
      statuses.push(response.status);
    }
    expect(statuses.at(-1)).toBe(200);
  });
});
