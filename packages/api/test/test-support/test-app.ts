// An app in process on a test database, with the demo seeded, a second community, and helpers
// to log in as anyone. One per test file and database (PGlite takes seconds to start).
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../../src/app.js';
import { hashPassword } from '../../src/auth/password.js';
import { communityRoles, type Role } from '../../src/auth/roles.js';
import { insertUser } from '../../src/auth/users.js';
import { insertCommunity, platformCommunity } from '../../src/communities.js';
import { createDeps, type Deps, type LoginLimits } from '../../src/deps.js';
import { demoCommunity, demoPassword } from '../../src/demo/demo-data.js';
import { seedDemo } from '../../src/demo/seed.js';
import { insertMemberProfile } from '../../src/workflows/queries/member-profiles.js';
import { newUserId } from '../../src/random-ids.js';
import { openCommunityBooks, openMemberAccount } from '../../src/workflows/community-books.js';
import { openTestDatabase, postgresUrl, type TestDatabase, type TestDatabaseKind } from './test-database.js';

/** The second community: every role, none of them demo accounts. */
export const otherCommunity = 'gulou';
export const otherPassword = 'other-community-password';

/** Limits high enough that tests which log in often are not limited by accident. */
export const testLoginLimits: LoginLimits = {
  perUsernameAndAddress: { limit: 10_000, windowMs: 60_000, keysMax: 1_000 },
  perUsername: { limit: 10_000, windowMs: 60_000, keysMax: 1_000 },
  perAddress: { limit: 10_000, windowMs: 60_000, keysMax: 1_000 },
  knownAddresses: { rememberMs: 60_000, keysMax: 1_000 },
};

export interface TestAppOptions {
  demo?: boolean;
  loginLimits?: LoginLimits;
  /** Express `trust proxy`: `true` lets a test choose the client address with X-Forwarded-For. */
  trustProxy?: boolean;
}

export interface TestApp {
  kind: TestDatabaseKind;
  deps: Deps;
  app: Express;
  /** Ids of the second community's users, by role. */
  otherUsers: ReadonlyMap<Role, string>;
  /** The platform admin's id (`platform-admin` of the platform). */
  platformAdminId: string;
  /** Ids of the demo users, by username. */
  demoUsers: ReadonlyMap<string, string>;
  demoHouseholds: readonly string[];
  http(): ReturnType<typeof supertest>;
  /** An access token for a demo username, or for a role of the other community. */
  tokenFor(who: { community: string; username: string }): Promise<string>;
  /** Another app on the same database, e.g. with demo mode off or tight login limits. */
  variant(options: TestAppOptions): { deps: Deps; app: Express; http(): ReturnType<typeof supertest> };
}

export interface TestAppHandle {
  get(): TestApp;
}

/** The secrets of every test app in this process; tests forge tokens with them. */
export const testKeys = { jwtSecret: randomBytes(32), dataKey: randomBytes(32) };

function build(testDatabase: TestDatabase, options: TestAppOptions) {
  const deps = createDeps({
    database: testDatabase.database,
    jwtSecret: testKeys.jwtSecret,
    dataKey: testKeys.dataKey,
    demo: options.demo ?? true,
    loginLimits: options.loginLimits ?? testLoginLimits,
    trustProxy: options.trustProxy,
  });
  const app = buildApp(deps);
  return { deps, app, http: () => supertest(app) };
}

async function seedOtherCommunity(deps: Deps): Promise<Map<Role, string>> {
  await insertCommunity(deps.knex, { id: otherCommunity, name: '鼓楼街道某社区', isDemo: false });
  await deps.ledger.createCommunity({ id: otherCommunity, name: '鼓楼街道某社区' });
  await openCommunityBooks(deps.ledger, otherCommunity);
  const passwordHash = await hashPassword(otherPassword);
  const ids = new Map<Role, string>();
  for (const role of communityRoles) {
    const id = newUserId();
    await insertUser(deps.knex, {
      community: otherCommunity,
      id,
      username: role,
      displayName: `${role} of ${otherCommunity}`,
      role,
      passwordHash,
      isDemo: false,
    });
    if (role === 'member') {
      await insertMemberProfile(deps.knex, { community: otherCommunity, userId: id, phoneSealed: null, languages: [], skills: [] });
      await openMemberAccount(deps.ledger, otherCommunity, id);
    }
    ids.set(role, id);
  }
  return ids;
}

/** The platform above the communities, with one platform admin (`platform-admin`, the demo password; not a demo account). */
async function seedPlatform(deps: Deps): Promise<string> {
  await insertCommunity(deps.knex, { id: platformCommunity, name: '仙林街道办事处', isDemo: false, isPlatform: true });
  const id = newUserId();
  await insertUser(deps.knex, {
    community: platformCommunity,
    id,
    username: platformAdminUsername,
    displayName: '街道管理员',
    role: 'platform_admin',
    passwordHash: await hashPassword(demoPassword),
    isDemo: false,
  });
  return id;
}

export const platformAdminUsername = 'platform-admin';

async function startTestApp(kind: TestDatabaseKind): Promise<{ testApp: TestApp; drop(): Promise<void> }> {
  const testDatabase = await openTestDatabase(kind);
  const main = build(testDatabase, {});
  const seeded = await seedDemo(main.deps);
  if (!seeded.seeded) throw new Error('a fresh test database was not empty');
  const otherUsers = await seedOtherCommunity(main.deps);
  const platformAdminId = await seedPlatform(main.deps);
  const tokens = new Map<string, string>();
  const testApp: TestApp = {
    kind,
    deps: main.deps,
    app: main.app,
    otherUsers,
    platformAdminId,
    demoUsers: seeded.users,
    demoHouseholds: seeded.households,
    http: main.http,
    tokenFor: async ({ community, username }) => {
      const cacheKey = `${community}/${username}`;
      const cached = tokens.get(cacheKey);
      if (cached !== undefined) return cached;
      const password = community === demoCommunity.id || community === platformCommunity ? demoPassword : otherPassword;
      const response = await main.http().post('/api/v1/auth/login').send({ community, username, password });
      if (response.status !== 200) throw new Error(`login of ${cacheKey} failed: ${response.status} ${JSON.stringify(response.body)}`);
      const token = (response.body as { accessToken: string }).accessToken;
      tokens.set(cacheKey, token);
      return token;
    },
    variant: (options) => build(testDatabase, options),
  };
  return { testApp, drop: () => testDatabase.drop() };
}

/**
 * Runs the suite once on PGlite in memory and once on PostgreSQL. Without DATABASE_URL the
 * PostgreSQL run is skipped, and its name says why.
 */
export function describeOnDatabases(title: string, suite: (handle: TestAppHandle) => void): void {
  const runs: { kind: TestDatabaseKind; name: string; skip: boolean }[] = [
    { kind: 'pglite', name: `${title} (PGlite in memory)`, skip: false },
    {
      kind: 'postgres',
      name: postgresUrl === undefined ? `${title} (PostgreSQL: skipped, set DATABASE_URL to run)` : `${title} (PostgreSQL)`,
      skip: postgresUrl === undefined,
    },
  ];
  for (const run of runs) {
    describe.skipIf(run.skip)(run.name, () => {
      let started: { testApp: TestApp; drop(): Promise<void> } | undefined;
      beforeAll(async () => {
        started = await startTestApp(run.kind);
      });
      afterAll(async () => {
        await started?.drop();
      });
      suite({
        get: () => {
          if (started === undefined) throw new Error('the test app has not started');
          return started.testApp;
        },
      });
    });
  }
}

/** The demo community's login for a role (the demo has one account named after each role). */
/** A demo account of the role; a platform admin is the platform's (it belongs to no community). */
export function demoAccount(role: Role): { community: string; username: string } {
  if (role === 'platform_admin') return { community: platformCommunity, username: platformAdminUsername };
  return { community: demoCommunity.id, username: role };
}

export function otherAccount(role: Role): { community: string; username: string } {
  if (role === 'platform_admin') return { community: platformCommunity, username: platformAdminUsername };
  return { community: otherCommunity, username: role };
}
