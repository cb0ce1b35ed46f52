import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, webDirDefault } from '../src/config.js';

const key = Buffer.alloc(32, 7).toString('base64');
const secret = 'a-jwt-secret-that-is-long-enough-to-use!';

describe('configuration', () => {
  it('has safe defaults outside production: port 3000, PGlite under the working folder, demo on, generated secrets', () => {
    const config = readConfig({}, '/srv/linli');
    expect(config).toMatchObject({
      port: 3000,
      nodeEnv: 'development',
      dataDir: '/srv/linli/.linli-data',
      databaseUrl: undefined,
      demo: true,
      jwtSecretSource: 'generated',
      dataKeySource: 'generated',
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.dataKey.length).toBe(32);
    expect(readConfig({}, '/').jwtSecret.equals(config.jwtSecret)).toBe(false);
  });

  it('reads every variable', () => {
    const config = readConfig(
      {
        PORT: '8080',
        LINLI_DATA_DIR: 'data',
        DATABASE_URL: 'postgresql://u@h:5432/d',
        NODE_ENV: 'production',
        LINLI_JWT_SECRET: secret,
        LINLI_DATA_KEY: key,
        LINLI_DEMO: 'yes',
        LINLI_TRUST_PROXY: '1',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/srv/data',
      databaseUrl: 'postgresql://u@h:5432/d',
      nodeEnv: 'production',
      demo: true,
      trustProxy: 1,
      jwtSecretSource: 'environment',
      dataKeySource: 'environment',
    });
    expect(config.dataKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('bounds waiting for the database: statement, query and connect timeouts and TCP keepalive, with defaults', () => {
    expect(readConfig({}).databaseTimeouts).toEqual({ statementMs: 30_000, queryMs: 35_000, connectMs: 5_000, keepAliveMs: 10_000 });
    const set = readConfig({
      LINLI_DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      LINLI_DATABASE_QUERY_TIMEOUT_MS: '3000',
      LINLI_DATABASE_CONNECT_TIMEOUT_MS: '1000',
      LINLI_DATABASE_KEEPALIVE_MS: '0',
    });
    expect(set.databaseTimeouts).toEqual({ statementMs: 2000, queryMs: 3000, connectMs: 1000, keepAliveMs: 0 });
    for (const [name, value] of [
      ['LINLI_DATABASE_STATEMENT_TIMEOUT_MS', 'soon'],
      ['LINLI_DATABASE_QUERY_TIMEOUT_MS', '-1'],
      ['LINLI_DATABASE_CONNECT_TIMEOUT_MS', '0'],
      ['LINLI_DATABASE_KEEPALIVE_MS', '1e9'],
    ] as const) {
      expect(() => readConfig({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(name));
    }
    // A query limit at or under the statement limit would close connections of a server that answers.
    expect(() => readConfig({ LINLI_DATABASE_STATEMENT_TIMEOUT_MS: '5000', LINLI_DATABASE_QUERY_TIMEOUT_MS: '5000' })).toThrow(
      /LINLI_DATABASE_QUERY_TIMEOUT_MS/,
    );
  });

  it('trusts a proxy only as far as told: a hop count or addresses; every hop (true, *) is refused in production', () => {
    const production = { NODE_ENV: 'production', LINLI_JWT_SECRET: secret, LINLI_DATA_KEY: key };
    for (const value of ['true', '*', 'TRUE', ' true '])
      expect(() => readConfig({ ...production, LINLI_TRUST_PROXY: value }), value).toThrow(/LINLI_TRUST_PROXY/);
    expect(readConfig({ ...production, LINLI_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readConfig({ ...production, LINLI_TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(readConfig({ ...production, LINLI_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      '::1',
    ]);
    for (const value of ['10.0.0.0/99', 'proxy.example', '1.2.3', '0', 'loopback,'])
      expect(() => readConfig({ ...production, LINLI_TRUST_PROXY: value }), value).toThrow(/LINLI_TRUST_PROXY/);
    // Outside production `true` still works (a test's client chooses its address), with a warning at start.
    expect(readConfig({ LINLI_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('serves from one process unless LINLI_WORKERS asks for more, which needs a PostgreSQL server', () => {
    expect(readConfig({}).workers).toBe(1);
    expect(readConfig({ LINLI_WORKERS: '4', DATABASE_URL: 'postgresql://u@h:5432/d' }).workers).toBe(4);
    expect(readConfig({ LINLI_WORKERS: 'auto', DATABASE_URL: 'postgresql://u@h:5432/d' }).workers).toBeGreaterThanOrEqual(1);
    for (const [value, problem] of [
      ['2', /needs DATABASE_URL/],
      ['0', /LINLI_WORKERS must be/],
      ['65', /LINLI_WORKERS must be/],
      ['two', /LINLI_WORKERS must be/],
    ] as const) {
      expect(
        () => readConfig({ LINLI_WORKERS: value, ...(value === '2' ? {} : { DATABASE_URL: 'postgresql://u@h:5432/d' }) }),
        value,
      ).toThrow(problem);
    }
  });

  it('refuses to start in production without secrets, and turns the demo off there by default', () => {
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    try {
      readConfig({ NODE_ENV: 'production' });
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toMatch(/LINLI_JWT_SECRET is required[\s\S]*LINLI_DATA_KEY is required/);
    }
    expect(readConfig({ NODE_ENV: 'production', LINLI_JWT_SECRET: secret, LINLI_DATA_KEY: key }).demo).toBe(false);
  });

  it('reports every bad value at once, without echoing a database password', () => {
    try {
      readConfig({
        PORT: '70000',
        NODE_ENV: 'staging',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        LINLI_JWT_SECRET: 'short',
        LINLI_DATA_KEY: 'not base64 of 32 bytes',
        LINLI_DEMO: 'maybe',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(6);
      expect(problems.join('\n')).not.toContain('hunter2');
    }
  });

  it('accepts a multi-host DATABASE_URL (a primary and its standby) and refuses a malformed one without echoing its password', () => {
    const url = 'postgresql://linli:hunter2@db1.example:5432,db2.example:5433/linli?target_session_attrs=read-write';
    expect(readConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    for (const bad of [
      'postgresql://linli:hunter2@db1:5432,/linli',
      'postgresql://linli:hunter2@db1,db2/linli?target_session_attrs=sometimes',
      'postgresql://linli:hunter2@db1:99999,db2/linli',
    ]) {
      try {
        readConfig({ DATABASE_URL: bad });
        expect.unreachable(bad);
      } catch (error) {
        expect(error, bad).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.join('\n'), bad).toMatch(/DATABASE_URL/);
        expect((error as ConfigError).problems.join('\n'), bad).not.toContain('hunter2');
      }
    }
  });

  it('accepts previous data keys for reading older values', () => {
    const config = readConfig({
      LINLI_DATA_KEY: key,
      LINLI_DATA_KEYS_PREVIOUS: `${Buffer.alloc(32, 1).toString('base64')}, ${Buffer.alloc(32, 2).toString('base64')}`,
    });
    expect(config.dataKeysPrevious).toHaveLength(2);
  });

  it('reads LINLI_JWT_SECRET as UTF-8 text, and a secret the cluster primary generated as base64 only when none is configured', () => {
    expect(readConfig({ LINLI_JWT_SECRET: secret }).jwtSecret.equals(Buffer.from(secret, 'utf8'))).toBe(true);
    const handed = Buffer.alloc(32, 3).toString('base64');
    const worker = readConfig({ LINLI_CLUSTER_JWT_SECRET: handed, LINLI_CLUSTER_DATA_KEY: Buffer.alloc(32, 4).toString('base64') });
    expect(worker).toMatchObject({ jwtSecretSource: 'cluster', dataKeySource: 'cluster' });
    expect(worker.jwtSecret.equals(Buffer.alloc(32, 3))).toBe(true);
    expect(worker.dataKey.equals(Buffer.alloc(32, 4))).toBe(true);
    const configured = readConfig({
      LINLI_JWT_SECRET: secret,
      LINLI_DATA_KEY: key,
      LINLI_CLUSTER_JWT_SECRET: handed,
      LINLI_CLUSTER_DATA_KEY: handed,
    });
    expect(configured.jwtSecret.equals(Buffer.from(secret, 'utf8'))).toBe(true);
    expect(configured.dataKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(() => readConfig({ NODE_ENV: 'production', LINLI_CLUSTER_JWT_SECRET: handed, LINLI_CLUSTER_DATA_KEY: handed })).toThrow(
      /LINLI_JWT_SECRET is required in production/,
    );
    expect(() => readConfig({ LINLI_CLUSTER_JWT_SECRET: 'c2hvcnQ=' })).toThrow(/handed down by the cluster primary is malformed/);
  });

  it('serves the web app built in the repository unless LINLI_WEB_DIR names a folder, which must hold a built app', async () => {
    expect(readConfig({}).webDir).toBe(webDirDefault);
    expect(webDirDefault.endsWith(['packages', 'web', 'site'].join(sep))).toBe(true);
    const scratch = await mkdtemp(join(tmpdir(), 'linli-config-'));
    try {
      await mkdir(join(scratch, 'built'));
      await writeFile(join(scratch, 'built', 'index.html'), '<!doctype html>');
      expect(readConfig({ LINLI_WEB_DIR: 'built' }, scratch).webDir).toBe(join(scratch, 'built'));
      expect(readConfig({ LINLI_WEB_DIR: join(scratch, 'built') }, '/').webDir).toBe(join(scratch, 'built'));
      expect(() => readConfig({ LINLI_WEB_DIR: 'empty' }, scratch)).toThrow(/LINLI_WEB_DIR has no index.html/);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
