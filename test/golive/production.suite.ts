// Going live, as a new operator would, on a PostgreSQL cluster of the suite's own from an empty
// database: the two roles, `linli migrate` as the owner granting the runtime role, `linli init`,
// the built service in production mode (demo off) as the runtime role, the admin's first login and
// password change, a coordinator and a member, one service cycle to approved hours, `linli verify`.
// Also: what the runtime role may not do, and that the service refuses to run as owner or superuser.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Database } from '@linli/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJson, type Answer } from '../harness/http-client.js';
import { runLinli } from '../harness/linli-command.js';
import { PostgresCluster } from '../harness/postgres-cluster.js';
import { ServiceProcess } from '../harness/service-process.js';

const ownerRole = 'linli_owner';
const runtimeRole = 'linli_app';
const databaseName = 'linli';
const community = 'nanhu';
const secrets = { LINLI_DATA_KEY: randomBytes(32).toString('base64'), LINLI_JWT_SECRET: randomBytes(48).toString('base64') };
const metricsToken = randomBytes(24).toString('hex');
/** The service as production runs it: no demo, no migrations at start, no privileged role. */
const production = { LINLI_DEMO: 'off', LINLI_MIGRATE_ON_START: 'off', LINLI_ALLOW_PRIVILEGED_DATABASE_ROLE: 'off', ...secrets };

function body(answer: Answer): Record<string, unknown> {
  if (answer.kind !== 'response') throw new Error(`no answer: ${answer.error}`);
  return answer.body as Record<string, unknown>;
}

function status(answer: Answer): number {
  return answer.kind === 'response' ? answer.status : 0;
}

/** A service window of three hours at 10:00 China time, some days ahead. */
function window(daysAhead: number): { start: string; end: string } {
  const chinaOffsetMs = 8 * 3_600_000;
  const dayMs = 86_400_000;
  const midnight = Math.floor((Date.now() + chinaOffsetMs) / dayMs) * dayMs - chinaOffsetMs;
  const start = midnight + daysAhead * dayMs + 10 * 3_600_000;
  return { start: new Date(start).toISOString(), end: new Date(start + 3 * 3_600_000).toISOString() };
}

describe('going live: production from an empty database', () => {
  let cluster: PostgresCluster;
  let service: ServiceProcess | undefined;
  let superuser: Database;
  let ownerUrl: string;
  let runtimeUrl: string;
  let key = 0;
  /** What `linli init` printed, for the admin's first login. */
  let adminOneTimePassword = '';
  const nextKey = () => `golive-${(key += 1)}`;

  beforeAll(async () => {
    cluster = await PostgresCluster.create({ name: 'golive' });
    await cluster.start();
    superuser = openDatabase({ databaseUrl: cluster.url('postgres'), poolSize: 1 });
    // docs/OPERATIONS.md, "Database roles", as a superuser once.
    await superuser.knex.raw(`create role ${ownerRole} login password 'owner-password'`);
    await superuser.knex.raw(`create role ${runtimeRole} login password 'runtime-password'`);
    await superuser.knex.raw(`create database ${databaseName} owner ${ownerRole}`);
    ownerUrl = `postgresql://${ownerRole}@127.0.0.1:${cluster.port}/${databaseName}`;
    runtimeUrl = `postgresql://${runtimeRole}@127.0.0.1:${cluster.port}/${databaseName}`;
  });

  afterAll(async () => {
    await service?.kill();
    await superuser?.close();
    await cluster?.remove();
  });

  it('the runtime role cannot migrate: linli migrate says to use the owner, and changes nothing', async () => {
    const refused = await runLinli(['migrate'], { DATABASE_URL: runtimeUrl });
    expect(refused.code, refused.stderr).toBe(4);
    expect(refused.stderr).toMatch(/as linli_app .* may not change the schema .*run `linli migrate` as the owner role/);
    const tables = await superuser.knex.raw(`select count(*)::int as count from pg_tables where schemaname = 'public'`);
    expect(tables.rows[0].count).toBe(0);
  });

  it('the service refuses to start on a database that is not migrated, saying to run linli migrate', async () => {
    await expect(
      ServiceProcess.start({ databaseUrl: runtimeUrl, logFile: path.join(cluster.folder, 'unmigrated.log'), env: production }),
    ).rejects.toThrow(
      /Linli cannot start: the database schema is behind this build: \d+ migrations pending \(0001-ledger, .*run `linli migrate` as the owner role first/,
    );
  });

  it('linli migrate runs as the owner and grants the runtime role; again, it finds nothing to do', async () => {
    const migrated = await runLinli(['migrate', '--runtime-role', runtimeRole], { LINLI_OWNER_DATABASE_URL: ownerUrl });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/ran \d+ migrations/);
    expect(migrated.stdout).toMatch(
      /granted linli_app its rights on \d+ tables of schema public \(append-only: audit_log, ledger_postings, ledger_transactions\)/,
    );
    const again = await runLinli(['migrate'], { LINLI_OWNER_DATABASE_URL: ownerUrl, LINLI_RUNTIME_ROLE: runtimeRole });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('no migration to run');
  });

  it('the runtime role may not switch the journal checks off, change the journal, alter, drop or create anything', async () => {
    const runtime = openDatabase({ databaseUrl: runtimeUrl, poolSize: 1 });
    try {
      for (const statement of [
        'alter table ledger_postings disable trigger ledger_postings_immutable',
        'alter table ledger_transactions disable trigger all',
        "set session_replication_role = 'replica'",
        'update ledger_postings set amount = amount',
        'delete from ledger_transactions',
        'truncate ledger_transactions',
        'delete from audit_log',
        'alter table users add column note text',
        'drop table users',
        'drop function ledger_refuse_change() cascade',
        'create table spare (x int)',
        "insert into knex_migrations (name, batch, migration_time) values ('9999-x', 99, now())",
        `alter table ledger_postings owner to ${runtimeRole}`,
        'create schema spare',
      ]) {
        await expect(runtime.knex.raw(statement), statement).rejects.toMatchObject({ code: '42501' });
      }
      const owner = (await runtime.knex.raw(`select tableowner from pg_tables where tablename = 'ledger_postings'`)).rows[0];
      expect(owner).toEqual({ tableowner: ownerRole });
    } finally {
      await runtime.close();
    }
  });

  it('linli init creates the first community and its admin once; a second run is refused', async () => {
    const env = { NODE_ENV: 'production', DATABASE_URL: runtimeUrl, ...secrets };
    const args = ['init', '--community', community, '--name', '南湖社区', '--admin-username', 'boss', '--admin-name', '南湖管理员'];
    const init = await runLinli(args, env);
    expect(init.code, init.stderr).toBe(0);
    adminOneTimePassword = /one-time password: (\S+)/.exec(init.stdout)?.[1] ?? '';
    const twice = await runLinli([...args.slice(0, 2), 'beihu', ...args.slice(3)], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already_initialised');
  });

  it('the service refuses to start as the owner or a superuser, saying why, unless told to', async () => {
    const logFile = path.join(cluster.folder, 'refused.log');
    await expect(ServiceProcess.start({ databaseUrl: ownerUrl, logFile, env: production })).rejects.toThrow(
      /Linli cannot start: the database role linli_owner owns \d+ of the service's tables/,
    );
    await expect(ServiceProcess.start({ databaseUrl: cluster.url(databaseName), logFile, env: production })).rejects.toThrow(
      /Linli cannot start: the database role postgres is a superuser/,
    );
    const overridden = await ServiceProcess.start({
      databaseUrl: ownerUrl,
      logFile,
      env: { ...production, LINLI_ALLOW_PRIVILEGED_DATABASE_ROLE: 'on' },
    });
    await overridden.stop();
  });

  it('serves as the runtime role: the admin changes the one-time password, adds people, and a service cycle ends in approved hours', async () => {
    service = await ServiceProcess.start({
      databaseUrl: runtimeUrl,
      logFile: path.join(cluster.folder, 'service.log'),
      env: { ...production, LINLI_METRICS_TOKEN: metricsToken },
    });
    const url = service.url;
    const oneTime = adminOneTimePassword;
    expect(oneTime).toMatch(/^[a-z0-9-]{19}$/);

    const first = await requestJson(url, 'POST', '/api/v1/auth/login', { body: { community, username: 'boss', password: oneTime } });
    expect(status(first), JSON.stringify(body(first))).toBe(200);
    const firstToken = body(first)['accessToken'] as string;
    expect(body(await requestJson(url, 'GET', '/api/v1/me', { token: firstToken }))['mustChangePassword']).toBe(true);
    const blocked = await requestJson(url, 'GET', '/api/v1/users', { token: firstToken });
    expect([status(blocked), body(blocked)['code']]).toEqual([403, 'password_change_required']);
    const newPassword = 'the harbour lights at seven';
    const changed = await requestJson(url, 'POST', '/api/v1/me/password', {
      token: firstToken,
      idempotencyKey: nextKey(),
      body: { currentPassword: oneTime, newPassword },
    });
    expect(status(changed)).toBe(204);

    const login = async (username: string, password: string): Promise<string> => {
      const answer = await requestJson(url, 'POST', '/api/v1/auth/login', { body: { community, username, password } });
      expect(status(answer), `${username}: ${JSON.stringify(body(answer))}`).toBe(200);
      return body(answer)['accessToken'] as string;
    };
    const admin = await login('boss', newPassword);
    const coordinatorCreated = await requestJson(url, 'POST', '/api/v1/users', {
      token: admin,
      idempotencyKey: nextKey(),
      body: { username: 'liu', displayName: '刘社工', role: 'coordinator', password: 'coordinator password one' },
    });
    expect(status(coordinatorCreated), JSON.stringify(body(coordinatorCreated))).toBe(201);
    const coordinator = await login('liu', 'coordinator password one');
    const member = async (username: string, displayName: string) => {
      const created = await requestJson(url, 'POST', '/api/v1/members', {
        token: coordinator,
        idempotencyKey: nextKey(),
        body: { username, displayName, password: `${username} password here`, languages: ['zh'] },
      });
      expect(status(created), JSON.stringify(body(created))).toBe(201);
      return body(created)['id'] as string;
    };
    const requester = await member('grandma-wu', '吴奶奶');
    const volunteerId = await member('xiao-zhang', '张小明');
    const volunteer = await login('xiao-zhang', 'xiao-zhang password here');
    const profile = await requestJson(url, 'PUT', `/api/v1/volunteers/${volunteerId}/profile`, {
      token: volunteer,
      body: {
        skills: [{ skill: 'tutoring', level: 2 }],
        gridCell: '南湖社区第1网格',
        place: { eastM: 100, northM: 0 },
        travelRadiusM: 3000,
        weeklyAvailability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 })),
        weeklyHourCap: '20.00',
      },
    });
    expect(status(profile), JSON.stringify(body(profile))).toBe(200);

    const need = await requestJson(url, 'POST', '/api/v1/needs', {
      token: coordinator,
      idempotencyKey: nextKey(),
      body: {
        title: '辅导数学',
        requester,
        payer: 'requester',
        skills: ['tutoring'],
        languages: ['zh'],
        gridCell: '南湖社区第1网格',
        place: { eastM: 150, northM: 50 },
        window: window(2),
        slots: 1,
        hoursPerSlot: '2.00',
        urgency: 3,
      },
    });
    expect(status(need), JSON.stringify(body(need))).toBe(201);
    const needId = body(need)['id'] as string;
    const matched = await requestJson(url, 'POST', `/api/v1/needs/${needId}/match`, { token: coordinator, idempotencyKey: nextKey() });
    expect(status(matched), JSON.stringify(body(matched))).toBe(200);
    const proposal = (body(matched)['proposals'] as { volunteer: string; assignment: string }[]).find(
      (entry) => entry.volunteer === volunteerId,
    );
    expect(proposal, JSON.stringify(body(matched))).toBeDefined();
    const assignment = proposal?.assignment ?? '';
    for (const [step, token, stepBody] of [
      ['accept', volunteer, undefined],
      ['check-in', volunteer, undefined],
      ['check-out', volunteer, undefined],
      ['approve', coordinator, { hours: '2.00' }],
    ] as const) {
      const answer = await requestJson(url, 'POST', `/api/v1/assignments/${assignment}/${step}`, {
        token,
        idempotencyKey: nextKey(),
        body: stepBody,
      });
      expect(status(answer), `${step}: ${JSON.stringify(body(answer))}`).toBe(200);
    }
    const balances = await requestJson(url, 'GET', '/api/v1/me/balances', { token: volunteer });
    expect(JSON.stringify(body(balances))).toContain('"2.00"');

    const metrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/linli_ledger_journal_transactions\{community="nanhu"\} [1-9]/);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });

  it('linli verify passes on the journal the service wrote', async () => {
    const verified = await runLinli(['verify'], { DATABASE_URL: runtimeUrl });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^nanhu\tok\t[1-9]\d* transactions\n$/);
  });
});
