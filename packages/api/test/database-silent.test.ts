// A database that stops answering without closing its connections (a stopped process, a blackholed
// route) must not hold requests for ever: the pool's query, statement and connect timeouts answer
// them 503 not_ready with Retry-After in bounded time, and once the server answers again the same
// service serves again, a write refused meanwhile going through with the same key.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { openDatabase, type Database, type DatabaseTimeouts } from '@linli/ledger';
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

/** Short limits, so that the test waits seconds; the service's defaults are config.ts's. */
const timeouts: DatabaseTimeouts = { statementMs: 1_000, queryMs: 1_500, connectMs: 1_000, keepAliveMs: 1_000 };
/** Well under knex's wait for a pooled connection (10 s), which was the only bound before. */
const answerWithinMs = 6_000;

function appOn(database: Database) {
  const deps = createDeps({ database, jwtSecret: testKeys.jwtSecret, dataKey: testKeys.dataKey, demo: true, loginLimits: testLoginLimits });
  return { deps, http: () => supertest(buildApp(deps)) };
}

function bearer(deps: Deps, role: 'coordinator' | 'member'): string {
  return `Bearer ${deps.accessTokens.issue({ userId: 'u-0000000000ab', role, community: demoCommunity.id, sessionId: 's-test' }).token}`;
}

async function expectNotReadySoon(name: string, send: () => PromiseLike<supertest.Response>): Promise<void> {
  const started = Date.now();
  const response = await send();
  const tookMs = Date.now() - started;
  const what = `${name} → ${response.status} ${JSON.stringify(response.body)} in ${tookMs} ms`;
  expect(response.status, what).toBe(503);
  expect(response.body.code, what).toBe('not_ready');
  expect(response.headers['retry-after'], what).toBeDefined();
  expect(tookMs, what).toBeLessThan(answerWithinMs);
}

/**
 * A PostgreSQL stand-in that takes connections, completes the start-up (no password, ready for
 * queries) and then answers nothing, keeping every socket open: what a client sees of a server
 * stopped after it accepted.
 */
async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let started = false;
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      if (started) return;
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 8) return;
      const length = buffered.readInt32BE(0);
      if (buffered.length < length) return;
      const code = buffered.readInt32BE(4);
      buffered = buffered.subarray(length);
      if (code === 80_877_103) {
        socket.write('N'); // SSLRequest: no TLS here
        return;
      }
      started = true;
      const authenticationOk = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
      const readyForQuery = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
      socket.write(Buffer.concat([authenticationOk, readyForQuery]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a PostgreSQL stand-in that accepts connections and never answers a query', () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let database: Database;
  beforeAll(async () => {
    silent = await startSilentServer();
    database = openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${silent.port}/linli`, timeouts });
  });
  afterAll(async () => {
    await database.close().catch(() => undefined);
    await silent.close();
  });

  it('answers requests 503 not_ready with Retry-After within the query timeout, not after knex’s wait or never', async () => {
    const { deps, http } = appOn(database);
    await expectNotReadySoon('GET /api/v1/members', () => http().get('/api/v1/members').set('Authorization', bearer(deps, 'coordinator')));
    await expectNotReadySoon('POST /api/v1/gifts', () =>
      http()
        .post('/api/v1/gifts')
        .set('Authorization', bearer(deps, 'member'))
        .set('Idempotency-Key', 'silent-gift')
        .send({ to: 'pool', hours: '0.50' }),
    );
    await expectNotReadySoon('POST /api/v1/auth/login', () =>
      http().post('/api/v1/auth/login').send({ community: demoCommunity.id, username: 'member', password: demoPassword }),
    );
    expect((await http().get('/healthz')).status).toBe(200);
  });
});

describe.skipIf(postgresUrl === undefined)(
  'a PostgreSQL server that stops answering mid-request (a frozen proxy: no reset, no close)',
  () => {
    let scratch: TestDatabase;
    let proxy: TcpProxy;
    let proxied: Database;
    let app: ReturnType<typeof appOn>;
    let token: string;

    beforeAll(async () => {
      scratch = await openTestDatabase('postgres');
      await seedDemo(appOn(scratch.database).deps);
      const direct = new URL(scratch.url ?? '');
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || '5432') });
      const through = new URL(direct);
      through.hostname = '127.0.0.1';
      through.port = String(proxy.port);
      proxied = openDatabase({ databaseUrl: through.toString(), timeouts, poolSize: 4 });
      app = appOn(proxied);
      const login = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ community: demoCommunity.id, username: 'member', password: demoPassword });
      expect(login.status, JSON.stringify(login.body)).toBe(200);
      token = `Bearer ${login.body.accessToken as string}`;
    });
    afterAll(async () => {
      proxy?.thaw();
      await proxy?.cut().catch(() => undefined);
      await proxied?.close().catch(() => undefined);
      await scratch?.drop();
    });

    const gift = (key: string) =>
      app.http().post('/api/v1/gifts').set('Authorization', token).set('Idempotency-Key', key).send({ to: 'pool', hours: '0.50' });

    it('answers 503 not_ready in bounded time while frozen, and serves again once thawed, the refused write going through once with its key', async () => {
      expect((await app.http().get('/api/v1/me/balances').set('Authorization', token)).status).toBe(200);
      proxy.freeze();
      await expectNotReadySoon('GET /api/v1/me/balances', () => app.http().get('/api/v1/me/balances').set('Authorization', token));
      await expectNotReadySoon('POST /api/v1/gifts', () => gift('frozen-gift'));
      proxy.thaw();
      // Connections that timed out were closed; the pool opens new ones.
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 10 && statuses.at(-1) !== 200; attempt += 1) {
        const response = await app.http().get('/api/v1/me/balances').set('Authorization', token);
        expect([200, 503], JSON.stringify(response.body)).toContain(response.status);
        statuses.push(response.status);
      }
      expect(statuses.at(-1)).toBe(200);
      const sent = await gift('frozen-gift');
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      expect((await gift('frozen-gift')).headers['idempotent-replayed']).toBe('true');
      expect(Number(databaseRetryAfterSeconds)).toBeGreaterThan(0);
    });
  },
);
