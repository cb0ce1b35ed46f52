// The scheduled tamper check (recorded, audit-logged on failure, shown to admins and auditors) and
// /metrics (behind its bearer token: latency by route, rejections by code, journal size, pool,
// the last good tamper check).
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { buildApp } from '../../src/app.js';
import { describeOnDatabases, demoAccount } from '../test-support/test-app.js';
import { createMetrics, metricsHandler, registrySource } from '../../src/operations/metrics.js';
import { startTamperChecks } from '../../src/operations/tamper-check.js';

const metricsToken = 'a-metrics-token-of-at-least-32-characters';

describeOnDatabases('monitoring', (handle) => {
  const withMetrics = () => {
    const app = handle.get();
    const metrics = createMetrics(app.deps.knex);
    return supertest(
      buildApp(app.deps, undefined, {
        metrics: { middleware: metrics.middleware, handler: metricsHandler(metricsToken, registrySource(metrics.registry)) },
      }),
    );
  };

  it('answers /metrics only with the bearer token, in Prometheus text: latency by route template, rejections by code, journal size, pool', async () => {
    const http = withMetrics();
    const app = handle.get();
    const token = await app.tokenFor(demoAccount('auditor'));
    expect((await http.get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await http.get('/api/v1/households/HH-ZZZZZ').set('Authorization', `Bearer ${token}`)).status).toBe(404);
    expect((await http.get('/api/v1/stores')).status).toBe(401);
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${metricsToken}x`, metricsToken]) {
      const request = http.get('/metrics');
      const refused = await (authorization === undefined ? request : request.set('Authorization', authorization));
      expect(refused.status, String(authorization)).toBe(404);
    }
    const scraped = await http.get('/metrics').set('Authorization', `Bearer ${metricsToken}`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = scraped.text;
    expect(text).toMatch(/linli_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/v1\/me",status="200"\}/);
    expect(text).toMatch(/linli_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/households\/:code",status="404"\} 1/);
    expect(text).toMatch(/linli_rejections_total\{code="unauthenticated"\} 1/);
    expect(text).toMatch(/linli_rejections_total\{code="not_found"\} \d/);
    expect(text).toMatch(/linli_ledger_journal_transactions\{community="xianlin"\} [1-9]\d*/);
    expect(text).toMatch(/linli_database_pool_connections\{state="used"\} \d/);
    expect(text).toMatch(/linli_database_up 1/);
    expect(text).toContain('linli_process_cpu_user_seconds_total');
    // Paths that no route matched share one label, so scanners cannot grow the series.
    expect(text).not.toContain('HH-ZZZZZ');
  });

  it('checks on a schedule, shows the result to admins and auditors, and audit-logs and reports a failure', async () => {
    const app = handle.get();
    const auditor = await app.tokenFor(demoAccount('auditor'));
    const schedule = startTamperChecks({ ...app.deps, logger: pino({ level: 'silent' }) }, 60_000);
    try {
      const before = await app.http().get('/api/v1/audit/tamper-check').set('Authorization', `Bearer ${auditor}`);
      expect(before.body).toMatchObject({ checked: false, ok: null });
      const checked = await schedule.runNow();
      expect(checked.find((status) => status.community === 'xianlin')).toMatchObject({ ok: true });
      const good = await app
        .http()
        .get('/api/v1/audit/tamper-check')
        .set('Authorization', `Bearer ${await app.tokenFor(demoAccount('admin'))}`);
      expect(good.body).toMatchObject({ checked: true, ok: true, firstBad: null });
      expect(good.body.lastOkAt).toBe(good.body.checkedAt);
      // A second run within the interval leaves communities checked a moment ago alone.
      expect(await schedule.runNow()).toEqual([]);
      const scraped = await withMetrics().get('/metrics').set('Authorization', `Bearer ${metricsToken}`);
      expect(scraped.text).toMatch(/linli_tamper_check_ok\{community="xianlin"\} 1/);
      expect(scraped.text).toMatch(
        new RegExp(
          `linli_tamper_check_last_success_timestamp_seconds\\{community="xianlin"\\} ${Math.floor(Date.parse(good.body.checkedAt as string) / 1000)}`,
        ),
      );
    } finally {
      await schedule.stop();
    }

    // Tampering, as an owner could: the trigger off, a posting changed, the trigger on.
    const posting = (await app.deps
      .knex('ledger_postings')
      .select('seq', 'idx', 'amount')
      .where({ community_id: 'xianlin' })
      .orderBy('seq')
      .first()) as { seq: string; idx: number; amount: string };
    const tamper = async (amount: string) => {
      await app.deps.knex.raw('alter table ledger_postings disable trigger ledger_postings_immutable');
      await app.deps.knex('ledger_postings').where({ community_id: 'xianlin', seq: posting.seq, idx: posting.idx }).update({ amount });
      await app.deps.knex.raw('alter table ledger_postings enable trigger ledger_postings_immutable');
    };
    await tamper('999.00');
    const failing = startTamperChecks({ ...app.deps, logger: pino({ level: 'silent' }) }, 1);
    try {
      await failing.runNow();
      const bad = await app.http().get('/api/v1/audit/tamper-check').set('Authorization', `Bearer ${auditor}`);
      expect(bad.body).toMatchObject({ checked: true, ok: false, firstBad: { seq: Number(posting.seq) } });
      expect(bad.body.lastOkAt).not.toBe(bad.body.checkedAt);
      expect(bad.body.lastOkAt).not.toBeNull();
      const audit = await app.http().get('/api/v1/audit-log').set('Authorization', `Bearer ${auditor}`);
      expect(
        (audit.body.items as { action: string; actor: string }[]).find((entry) => entry.action === 'ledger.tamper_check_failed'),
      ).toMatchObject({ actor: 'system' });
      const scraped = await withMetrics().get('/metrics').set('Authorization', `Bearer ${metricsToken}`);
      expect(scraped.text).toMatch(/linli_tamper_check_ok\{community="xianlin"\} 0/);
    } finally {
      await tamper(posting.amount);
      await failing.runNow();
      await failing.stop();
    }
    expect((await app.http().get('/api/v1/audit/tamper-check').set('Authorization', `Bearer ${auditor}`)).body.ok).toBe(true);
  });

  it('runs a check asked for during a run after that run, so it reads the journal as it is by then', async () => {
    const app = handle.get();
    const schedule = startTamperChecks({ ...app.deps, logger: pino({ level: 'silent' }) }, 1);
    try {
      const first = schedule.runNow();
      const second = schedule.runNow();
      expect(second).not.toBe(first);
      expect(schedule.runNow()).toBe(second);
      const [, after] = await Promise.all([first, second]);
      expect(after.find((status) => status.community === 'xianlin')).toMatchObject({ ok: true });
    } finally {
      await schedule.stop();
    }
  });
});

describeOnDatabases('/metrics under other spellings', (handle) => {
  const withMetrics = () => {
    const app = handle.get();
    const metrics = createMetrics(app.deps.knex);
    return supertest(
      buildApp(app.deps, undefined, {
        metrics: { middleware: metrics.middleware, handler: metricsHandler(metricsToken, registrySource(metrics.registry)) },
      }),
    );
  };

  it('serves the metrics only at /metrics itself (which the reverse proxy keeps inside): every other spelling is a 404, token or not', async () => {
    const http = withMetrics();
    const spellings = [
      '/METRICS',
      '/Metrics',
      '/metrics/',
      '/metrics//',
      '//metrics',
      '///metrics/',
      '/%6Detrics',
      '/%6detrics',
      '/metric%73',
      '/%2Fmetrics',
      '/%2fmetrics/',
      '/METRICS?x=1',
      '/metrics/?x',
      '/./metrics',
      '/api/../metrics',
    ];
    for (const path of spellings) {
      for (const authorization of [undefined, `Bearer ${metricsToken}`]) {
        const request = http.get(path);
        const response = await (authorization === undefined ? request : request.set('Authorization', authorization));
        const what = `${path} ${authorization === undefined ? 'without' : 'with'} the token → ${response.status} ${response.text.slice(0, 80)}`;
        expect(response.status, what).toBe(404);
        expect(response.text, what).not.toMatch(/linli_/);
      }
    }
    for (const path of ['/metrics', '/metrics?x=1']) {
      expect((await http.get(path)).status, path).toBe(404);
      const scraped = await http.get(path).set('Authorization', `Bearer ${metricsToken}`);
      expect(scraped.status, path).toBe(200);
      expect(scraped.text).toMatch(/linli_/);
    }
  });
});

describe('metrics without a token', () => {
  it('are not served: buildApp without metrics answers /metrics with the 404 problem', async () => {
    const { createDeps } = await import('../../src/deps.js');
    const { openDatabase } = await import('@linli/ledger');
    const { randomBytes } = await import('node:crypto');
    const database = openDatabase({});
    try {
      const app = buildApp(createDeps({ database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: false }));
      const response = await supertest(app).get('/metrics').set('Authorization', `Bearer ${metricsToken}`);
      expect(response.status).toBe(404);
    } finally {
      await database.close();
    }
  });
});
