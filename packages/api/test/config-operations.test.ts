// The settings of production operations: migrating at start, the privileged-role override, the
// tamper check's schedule and the metrics token; their defaults and their bounds.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.js';

const secrets = { LINLI_JWT_SECRET: randomBytes(48).toString('base64'), LINLI_DATA_KEY: randomBytes(32).toString('base64') };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('operations settings', () => {
  it('migrate at start outside production only, refuse privileged roles, check daily, serve no metrics by default', () => {
    expect(readConfig({})).toMatchObject({
      migrateOnStart: true,
      allowPrivilegedDatabaseRole: false,
      tamperCheckIntervalMs: 24 * 60 * 60_000,
      metricsToken: undefined,
    });
    expect(readConfig({ NODE_ENV: 'production', ...secrets })).toMatchObject({ migrateOnStart: false, allowPrivilegedDatabaseRole: false });
    const token = 'x'.repeat(32);
    expect(
      readConfig({
        NODE_ENV: 'production',
        ...secrets,
        LINLI_MIGRATE_ON_START: 'on',
        LINLI_ALLOW_PRIVILEGED_DATABASE_ROLE: 'yes',
        LINLI_TAMPER_CHECK_INTERVAL_MINUTES: '0',
        LINLI_METRICS_TOKEN: token,
      }),
    ).toMatchObject({
      migrateOnStart: true,
      allowPrivilegedDatabaseRole: true,
      tamperCheckIntervalMs: 0,
      metricsToken: token,
    });
  });

  it('names each bad value', () => {
    expect(problemsOf({ LINLI_MIGRATE_ON_START: 'maybe' })).toEqual(['LINLI_MIGRATE_ON_START must be true or false (1/0, yes/no, on/off)']);
    expect(problemsOf({ LINLI_TAMPER_CHECK_INTERVAL_MINUTES: '10081' })).toEqual([
      'LINLI_TAMPER_CHECK_INTERVAL_MINUTES must be an integer from 0 (off) to 10080 (a week)',
    ]);
    expect(problemsOf({ LINLI_TAMPER_CHECK_INTERVAL_MINUTES: '-1' })).toHaveLength(1);
    expect(problemsOf({ LINLI_METRICS_TOKEN: 'short' })).toEqual([
      'LINLI_METRICS_TOKEN must be at least 32 characters (e.g. `openssl rand -hex 32`)',
    ]);
    expect(problemsOf({ LINLI_METRICS_TOKEN: `${'x'.repeat(32)}\u00e9` })).toEqual([
      'LINLI_METRICS_TOKEN must be visible ASCII characters (e.g. `openssl rand -hex 32`)',
    ]);
  });
});
