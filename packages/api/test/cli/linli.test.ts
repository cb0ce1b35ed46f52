// The operator's command line, run in process on a database of each test's own: what each command
// does, and that bad input to each gets a clear message, a non-zero exit code and changes nothing.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { books } from '@linli/ledger';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password.js';
import { insertSession } from '../../src/auth/session-records.js';
import { dataKeyId, Sealer } from '../../src/crypto/sealed.js';
import { personalContext } from '../../src/workflows/households.js';
import { insertHousehold } from '../../src/workflows/queries/households.js';
import { postgresUrl } from '../test-support/test-database.js';
import { exitCodes } from '../../src/cli/cli-io.js';
import {
  createCliDatabase,
  depsOn,
  linli,
  snapshotOf,
  testDataKey,
  withOpen,
  type CliDatabase,
  type CliDatabaseKind,
} from './cli-test-support.js';

const kinds: { kind: CliDatabaseKind; skip: boolean; name: string }[] = [
  { kind: 'pglite', skip: false, name: 'linli (embedded database)' },
  {
    kind: 'postgres',
    skip: postgresUrl === undefined,
    name: postgresUrl === undefined ? 'linli (PostgreSQL: skipped, set DATABASE_URL to run)' : 'linli (PostgreSQL)',
  },
];

const firstCommunity = ['--community', 'nanhu', '--name', '南湖社区', '--admin-username', 'boss', '--admin-name', '管理员'];
const oneTimePassword = /one-time password: ([a-z0-9-]{19})/;

for (const { kind, skip, name } of kinds) {
  describe.skipIf(skip)(name, () => {
    let target: CliDatabase;
    let env: Record<string, string>;
    // The embedded database starts each test from a migrated copy; PostgreSQL from an empty one.
    let template: CliDatabase | undefined;

    beforeAll(async () => {
      if (kind !== 'pglite') return;
      template = await createCliDatabase(kind);
      expect((await linli(['migrate'], template.env)).code).toBe(0);
    });
    afterAll(async () => {
      await template?.remove();
    });
    const useDatabase = async (migrated: boolean) => {
      target = await createCliDatabase(kind, migrated ? template?.env['LINLI_DATA_DIR'] : undefined);
      env = { ...target.env, LINLI_DATA_KEY: testDataKey.toString('base64') };
    };
    beforeEach(() => useDatabase(true));
    afterEach(async () => {
      await target.remove();
    });
    /** For the tests of an unmigrated database. */
    const startEmpty = async () => {
      await target.remove();
      await useDatabase(false);
    };

    /** Migrated, with the first community: what most commands start from. */
    const initialised = async (): Promise<string> => {
      expect((await linli(['migrate'], env)).code).toBe(0);
      const init = await linli(['init', ...firstCommunity], env);
      expect(init.code, init.stderr).toBe(0);
      return oneTimePassword.exec(init.stdout)?.[1] ?? '';
    };

    /** Runs the command and checks the refusal: the exit code, the message, and nothing changed. */
    const refusedWithoutChange = async (
      argv: readonly string[],
      runEnv: Record<string, string>,
      expected: { code: number; message: RegExp },
      stdin = '',
    ) => {
      const before = await snapshotOf(target);
      const run = await linli(argv, runEnv, stdin);
      expect(run.code, run.stderr).toBe(expected.code);
      expect(run.stderr).toMatch(expected.message);
      expect(await snapshotOf(target)).toEqual(before);
      return run;
    };

    it('migrates an empty database, and a second run finds nothing to do', async () => {
      await startEmpty();
      const first = await linli(['migrate'], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/ran \d+ migrations:\n {2}0001-ledger\n/);
      expect(first.stdout).toContain('0400-users-must-change-password');
      const second = await linli(['migrate'], env);
      expect(second).toMatchObject({ code: 0, stdout: 'the schema is up to date: no migration to run\n' });
    });

    it('init creates the community, its books and an admin who must change the one-time password', async () => {
      const password = await initialised();
      expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
      await withOpen(target, async (database) => {
        const admin = (await database.knex('users').where({ community_id: 'nanhu', username: 'boss' }).first()) as {
          role: string;
          must_change_password: boolean;
          password_hash: string;
          is_demo: boolean;
        };
        expect(admin).toMatchObject({ role: 'admin', must_change_password: true, is_demo: false });
        expect(await verifyPassword(password, admin.password_hash)).toBe(true);
        expect(await database.knex('community_profiles').where({ community_id: 'nanhu' }).first()).toMatchObject({
          name: '南湖社区',
          is_demo: false,
        });
        const deps = depsOn(database);
        expect((await deps.ledger.listUnits('nanhu')).map((unit) => unit.code).sort()).toEqual(['CNY', 'HOUR', 'POINT']);
        expect(await deps.ledger.getAccount('nanhu', books.accountIds.hourPool)).toBeDefined();
        const audit = (await database.knex('audit_log').select('action', 'actor').where({ community_id: 'nanhu' }).orderBy('action')) as {
          action: string;
          actor: string;
        }[];
        expect(audit).toEqual([
          { action: 'community.created', actor: 'operator' },
          { action: 'user.created', actor: 'operator' },
        ]);
      });
    });

    it('init refuses to run twice, changing nothing', async () => {
      await initialised();
      await refusedWithoutChange(
        ['init', '--community', 'beihu', '--name', '北湖', '--admin-username', 'chief', '--admin-name', 'A'],
        env,
        { code: exitCodes.refused, message: /refused \(already_initialised\).*linli community create/ },
      );
    });

    it('community create adds a second community, and refuses a taken code, changing nothing', async () => {
      await initialised();
      const created = await linli(
        ['community', 'create', '--community', 'beihu', '--name', '北湖社区', '--admin-username', 'boss', '--admin-name', '北湖管理员'],
        env,
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toMatch(oneTimePassword);
      await refusedWithoutChange(
        ['community', 'create', '--community', 'beihu', '--name', 'again', '--admin-username', 'other', '--admin-name', 'A'],
        env,
        { code: exitCodes.refused, message: /refused \(community_taken\): the community code beihu is taken/ },
      );
    });

    it('init --platform-admin creates the platform and its admin with the first community, in one transaction', async () => {
      expect((await linli(['migrate'], env)).code).toBe(0);
      const platformOptions = ['--platform-name', '南湖街道办事处', '--platform-admin', 'street', '--platform-admin-name', '街道管理员'];
      // A bad platform admin name refuses the whole init: neither the community nor the platform is made.
      await refusedWithoutChange(
        ['init', ...firstCommunity, '--platform-name', '街道', '--platform-admin', 'S', '--platform-admin-name', 'x'],
        env,
        { code: exitCodes.refused, message: /invalid_input.*platform admin username "S"/ },
      );
      const init = await linli(['init', ...firstCommunity, ...platformOptions], env);
      expect(init.code, init.stderr).toBe(0);
      const passwords = [...init.stdout.matchAll(/one-time password: ([a-z0-9-]{19})/g)].map((match) => match[1]);
      expect(passwords).toHaveLength(2);
      expect(init.stdout).toContain('log in with the community code "platform"');
      await withOpen(target, async (database) => {
        const admin = (await database.knex('users').where({ community_id: 'platform', username: 'street' }).first()) as {
          role: string;
          must_change_password: boolean;
          password_hash: string;
        };
        expect(admin).toMatchObject({ role: 'platform_admin', must_change_password: true });
        expect(await verifyPassword(passwords[1] ?? '', admin.password_hash)).toBe(true);
        expect(await database.knex('community_profiles').where({ community_id: 'platform' }).first()).toMatchObject({
          name: '南湖街道办事处',
          is_platform: true,
        });
      });
      await refusedWithoutChange(['platform', 'create', ...platformOptions], env, {
        code: exitCodes.refused,
        message: /refused \(platform_exists\)/,
      });
    });

    it('platform create adds the platform to an installation that has communities', async () => {
      await initialised();
      const created = await linli(
        ['platform', 'create', '--platform-name', '南湖街道办事处', '--platform-admin', 'street', '--platform-admin-name', '街道管理员'],
        env,
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toMatch(oneTimePassword);
      // The platform is no community: init still refuses (the community exists), and the platform's code is taken.
      await refusedWithoutChange(
        ['community', 'create', '--community', 'platform', '--name', 'x', '--admin-username', 'boss', '--admin-name', 'A'],
        env,
        { code: exitCodes.refused, message: /community_taken/ },
      );
    });

    it('refuses a weak admin password given on standard input, changing nothing', async () => {
      expect((await linli(['migrate'], env)).code).toBe(0);
      for (const [password, reason] of [
        ['short-pass', /at least 12 are needed/],
        ['password1234', /guessers try first/],
        ['boss-boss-boss-boss', /contains the username/],
      ] as const) {
        await refusedWithoutChange(
          ['init', ...firstCommunity, '--admin-password-stdin'],
          env,
          { code: exitCodes.refused, message: new RegExp(`password_too_weak.*${reason.source}`) },
          `${password}\n`,
        );
      }
      const strong = await linli(['init', ...firstCommunity, '--admin-password-stdin'], env, 'a sentence long enough to be safe\n');
      expect(strong.code, strong.stderr).toBe(0);
      expect(strong.stdout).toContain('password: the one given on standard input');
    });

    it('refuses input the API would refuse (a bad community code or username), changing nothing', async () => {
      expect((await linli(['migrate'], env)).code).toBe(0);
      await refusedWithoutChange(['init', '--community', 'Nan Hu', '--name', 'x', '--admin-username', 'boss', '--admin-name', 'A'], env, {
        code: exitCodes.refused,
        message: /invalid_input.*community code "Nan Hu"/,
      });
      await refusedWithoutChange(['init', '--community', 'nanhu', '--name', 'x', '--admin-username', 'B', '--admin-name', 'A'], env, {
        code: exitCodes.refused,
        message: /invalid_input.*admin username "B"/,
      });
    });

    it('answers a wrong or malformed database URL with exit 4 and a message naming it, changing nothing', async () => {
      await initialised();
      const unreachable = await refusedWithoutChange(
        ['community', 'create', '--community', 'beihu', '--name', 'x', '--admin-username', 'boss', '--admin-name', 'A'],
        { ...env, DATABASE_URL: 'postgresql://linli:secret-word@127.0.0.1:1/linli' },
        {
          code: exitCodes.unusable,
          message: /cannot connect to PostgreSQL as linli at 127\.0\.0\.1:1\/linli \(DATABASE_URL\)/,
        },
      );
      expect(unreachable.stderr).not.toContain('secret-word');
      await refusedWithoutChange(
        ['verify'],
        { ...env, DATABASE_URL: 'mysql://root@localhost/linli' },
        { code: exitCodes.unusable, message: /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/ },
      );
      await refusedWithoutChange(['sweep', '--database-url', 'postgresql://u@[::1/x'], env, {
        code: exitCodes.unusable,
        message: /--database-url: is not a valid connection string/,
      });
    });

    it('refuses to work on a database that is not migrated', async () => {
      await startEmpty();
      if (kind === 'pglite') {
        const run = await linli(['verify'], env);
        expect(run).toMatchObject({ code: exitCodes.unusable });
        expect(run.stderr).toMatch(/there is no database at .*run `linli migrate` first/);
      } else {
        const run = await linli(['sweep'], env);
        expect(run.code).toBe(exitCodes.unusable);
        expect(run.stderr).toMatch(/is not migrated \(\d+ migrations pending\): run `linli migrate`/);
      }
    });

    it('init in production refuses a configuration the service could not start with (a missing data key), changing nothing', async () => {
      expect((await linli(['migrate'], env)).code).toBe(0);
      const production = { ...env, NODE_ENV: 'production', LINLI_JWT_SECRET: randomBytes(48).toString('base64') };
      delete (production as Record<string, string | undefined>)['LINLI_DATA_KEY'];
      await refusedWithoutChange(['init', ...firstCommunity], production, {
        code: exitCodes.unusable,
        message: /nothing was created:\n {2}- LINLI_DATA_KEY is required in production/,
      });
      const complete = await linli(['init', ...firstCommunity], { ...production, LINLI_DATA_KEY: testDataKey.toString('base64') });
      expect(complete.code, complete.stderr).toBe(0);
    });

    it('asks for what is missing on a terminal', async () => {
      expect((await linli(['migrate'], env)).code).toBe(0);
      const answers = Object.assign(Readable.from(['南湖社区\nboss\n管理员\n']), { isTTY: true });
      const asked = await linli(['init', '--community', 'nanhu'], env, answers);
      expect(asked.code, asked.stderr).toBe(0);
      expect(asked.stderr).toContain('Community name: ');
      expect(asked.stdout).toMatch(/created community nanhu with its admin boss/);
    });

    it.skipIf(kind !== 'postgres')('migrate --runtime-role refuses a role that does not exist before migrating anything', async () => {
      await startEmpty();
      const tables = () =>
        withOpen(
          target,
          async (database) =>
            (
              (await database.knex.raw(`select count(*)::int as count from pg_tables where schemaname = current_schema()`)) as {
                rows: { count: number }[];
              }
            ).rows[0]?.count,
        );
      for (const [role, message] of [
        ['nobody_here', /the role nobody_here does not exist.*nothing was migrated/],
        ['Bad-Name', /plain lower-case role name/],
      ] as const) {
        const run = await linli(['migrate', '--runtime-role', role], env);
        expect(run.code, run.stderr).toBe(exitCodes.refused);
        expect(run.stderr).toMatch(message);
        expect(await tables()).toBe(0);
      }
      const embedded = await linli(['migrate', '--runtime-role', 'linli_app'], { LINLI_DATA_DIR: join(tmpdir(), 'never-made') });
      expect(embedded.code).toBe(exitCodes.usage);
    });

    it('asks for missing options only on a terminal: in a script they are a usage error (exit 2)', async () => {
      expect((await linli(['migrate'], env)).code).toBe(0);
      await refusedWithoutChange(['init', '--community', 'nanhu'], env, {
        code: exitCodes.usage,
        message: /missing --name, --admin-username, --admin-name \(there is no terminal to ask on\)/,
      });
      await refusedWithoutChange(['init', '--communty', 'nanhu'], env, { code: exitCodes.usage, message: /Unknown option '--communty'/ });
      await refusedWithoutChange(['user', 'reset-password', '--community', 'nanhu'], env, {
        code: exitCodes.usage,
        message: /--username is required/,
      });
      await refusedWithoutChange(['export', '--community', 'nanhu', '--from', '31/01/2026'], env, {
        code: exitCodes.usage,
        message: /--from must be a date/,
      });
      await refusedWithoutChange(['export', '--community', 'nanhu', '--format', 'xlsx'], env, {
        code: exitCodes.usage,
        message: /--format must be one of csv, hledger/,
      });
    });

    it('user reset-password gives a one-time password, ends the sessions, and refuses an unknown user', async () => {
      await initialised();
      await withOpen(target, async (database) => {
        await database.knex('users').where({ community_id: 'nanhu', username: 'boss' }).update({ must_change_password: false });
        const user = (await database.knex('users').select('id').where({ community_id: 'nanhu', username: 'boss' }).first()) as {
          id: string;
        };
        await insertSession(database.knex, { community: 'nanhu', id: 'f-1', userId: user.id, userVersion: 0 }, new Date());
        await database.knex('refresh_tokens').insert({
          community_id: 'nanhu',
          id: 'rt-1',
          user_id: user.id,
          family_id: 'f-1',
          secret_hash: Buffer.alloc(32),
          expires_at: new Date(Date.now() + 60_000),
        });
      });
      const reset = await linli(['user', 'reset-password', '--community', 'nanhu', '--username', 'boss'], env);
      expect(reset.code, reset.stderr).toBe(0);
      const password = /: ([a-z0-9]{4}(?:-[a-z0-9]{4}){3})\n/.exec(reset.stdout)?.[1] ?? '';
      await withOpen(target, async (database) => {
        const admin = (await database.knex('users').where({ community_id: 'nanhu', username: 'boss' }).first()) as {
          must_change_password: boolean;
          password_hash: string;
        };
        expect(admin.must_change_password).toBe(true);
        expect(await verifyPassword(password, admin.password_hash)).toBe(true);
        expect(await database.knex('refresh_tokens').where({ id: 'rt-1' }).whereNull('revoked_at').first()).toBeUndefined();
        expect(
          await database.knex('audit_log').where({ community_id: 'nanhu', action: 'user.password_reset', actor: 'operator' }).first(),
        ).toBeDefined();
      });
      await refusedWithoutChange(['user', 'reset-password', '--community', 'nanhu', '--username', 'nobody'], env, {
        code: exitCodes.refused,
        message: /user_not_found.*no user "nobody"/,
      });
      await refusedWithoutChange(['user', 'reset-password', '--community', 'nowhere', '--username', 'boss'], env, {
        code: exitCodes.refused,
        message: /community_not_found/,
      });
    });

    it('verify passes on a sound journal, exits 3 naming the first bad entry after tampering, and records both', async () => {
      await initialised();
      await withOpen(target, async (database) => {
        const { ledger } = depsOn(database);
        for (let index = 1; index <= 3; index += 1) {
          await ledger.post({
            community: 'nanhu',
            id: `seed-${index}`,
            kind: 'test',
            actor: 'test',
            postings: [
              { account: books.accountIds.hourIssuance, unit: 'HOUR', amount: '-1.00' },
              { account: books.accountIds.hourPool, unit: 'HOUR', amount: '1.00' },
            ],
          });
        }
      });
      const sound = await linli(['verify'], env);
      expect(sound).toMatchObject({ code: 0, stdout: 'nanhu\tok\t3 transactions\n' });
      await withOpen(target, async (database) => {
        // What an attacker with the owner's rights could do: switch the trigger off and edit a posting.
        await database.knex.raw('alter table ledger_postings disable trigger ledger_postings_immutable');
        await database.knex('ledger_postings').where({ community_id: 'nanhu', seq: 2, idx: 1 }).update({ amount: '5.00' });
        await database.knex.raw('alter table ledger_postings enable trigger ledger_postings_immutable');
      });
      const broken = await linli(['verify', '--community', 'nanhu'], env);
      expect(broken.code).toBe(exitCodes.tamperFound);
      expect(broken.stdout).toMatch(
        /^nanhu\tDOES NOT VERIFY\tfirst bad entry: seq 2 \(seed-2\) hash_mismatch, after 1 good transactions\n$/,
      );
      await withOpen(target, async (database) => {
        expect(await database.knex('tamper_checks').where({ community_id: 'nanhu' }).first()).toMatchObject({ ok: false });
        const failure = (await database
          .knex('audit_log')
          .where({ community_id: 'nanhu', action: 'ledger.tamper_check_failed' })
          .first()) as { details: Record<string, unknown> };
        expect(failure.details).toMatchObject({ seq: 2, id: 'seed-2', reason: 'hash_mismatch' });
      });
      await refusedWithoutChange(['verify', '--community', 'nowhere'], env, { code: exitCodes.refused, message: /community_not_found/ });
    });

    it('export writes the journal of a period as CSV and hledger, to standard output or a file', async () => {
      await initialised();
      await withOpen(target, async (database) => {
        const { ledger } = depsOn(database);
        for (const [id, effectiveAt] of [
          ['jan', '2026-01-15T10:00:00+08:00'],
          ['feb', '2026-02-15T10:00:00+08:00'],
          ['mar', '2026-03-01T00:00:00+08:00'],
        ] as const) {
          await ledger.post({
            community: 'nanhu',
            id,
            kind: 'test',
            actor: 'test',
            memo: `memo ${id}`,
            effectiveAt,
            postings: [
              { account: books.accountIds.hourIssuance, unit: 'HOUR', amount: '-2.50' },
              { account: books.accountIds.hourPool, unit: 'HOUR', amount: '2.50' },
            ],
          });
        }
      });
      const february = await linli(['export', '--community', 'nanhu', '--from', '2026-02-01', '--to', '2026-03-01'], env);
      expect(february.code, february.stderr).toBe(0);
      const rows = february.stdout
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(rows[0]).toMatch(/^seq,transaction_id,kind,effective_at/);
      expect(rows.slice(1).map((row) => row.split(',')[1])).toEqual(['feb', 'feb']);
      const hledger = await linli(['export', '--community', 'nanhu', '--format', 'hledger', '--from', '2026-01-01'], env);
      expect(hledger.code).toBe(0);
      expect(hledger.stdout).toContain('2026-01-15 (jan) memo jan');
      expect(hledger.stdout).toContain('2026-03-01 (mar) memo mar');
      const file = join(tmpdir(), `linli-export-${randomBytes(4).toString('hex')}.csv`);
      try {
        const toFile = await linli(['export', '--community', 'nanhu', '--output', file], env);
        expect(toFile.code).toBe(0);
        expect(toFile.stderr).toContain('exported 3 transactions of nanhu as csv');
        expect((await readFile(file, 'utf8')).split('\r\n').filter((line) => line !== '')).toHaveLength(1 + 6);
      } finally {
        await rm(file, { force: true });
      }
      await withOpen(target, async (database) => {
        expect(
          await database
            .knex('audit_log')
            .where({ community_id: 'nanhu', action: 'ledger.journal_exported', actor: 'operator' })
            .count({ count: '*' }),
        ).toEqual([{ count: kind === 'postgres' ? '3' : 3 }]);
      });
      await refusedWithoutChange(['export', '--community', 'nowhere'], env, { code: exitCodes.refused, message: /community_not_found/ });
      // An output file that cannot be opened: nothing is exported, so nothing is audit-logged.
      const nowhere = join(tmpdir(), `linli-no-such-folder-${randomBytes(4).toString('hex')}`, 'journal.csv');
      await refusedWithoutChange(['export', '--community', 'nanhu', '--output', nowhere], env, {
        code: exitCodes.refused,
        message: /cannot write --output .*journal\.csv.*ENOENT/,
      });
      await refusedWithoutChange(['export', '--community', 'nanhu', '--output', tmpdir()], env, {
        code: exitCodes.refused,
        message: /cannot write --output/,
      });
    });

    it('reseal seals values of an older key with the current one, resumes, and refuses a key it was not given', async () => {
      await initialised();
      const oldKey = randomBytes(32);
      const newKey = randomBytes(32);
      const strangerKey = randomBytes(32);
      const old = new Sealer(oldKey);
      const codes = ['HH-AAAA1', 'HH-AAAA2', 'HH-AAAA3'];
      await withOpen(target, async (database) => {
        for (const code of codes)
          await insertHousehold(
            database.knex,
            'nanhu',
            code,
            old.seal(JSON.stringify({ name: `住户 ${code}` }), personalContext('nanhu', code)),
            'test',
          );
      });
      const rotated = { ...env, LINLI_DATA_KEY: newKey.toString('base64'), LINLI_DATA_KEYS_PREVIOUS: oldKey.toString('base64') };

      await refusedWithoutChange(['reseal'], env, {
        code: exitCodes.refused,
        message: new RegExp(`sealed_with_unknown_key.*3 with key ${dataKeyId(oldKey)}.*nothing was changed`),
      });
      const withoutKey = { ...rotated };
      delete (withoutKey as Record<string, string | undefined>)['LINLI_DATA_KEY'];
      await refusedWithoutChange(['reseal'], withoutKey, { code: exitCodes.unusable, message: /LINLI_DATA_KEY is not set/ });

      // An interrupted run: one value already sealed with the new key.
      const fresh = new Sealer(newKey, [oldKey]);
      await withOpen(target, async (database) => {
        await database
          .knex('households')
          .where({ community_id: 'nanhu', code: 'HH-AAAA2' })
          .update({ personal_sealed: fresh.seal(JSON.stringify({ name: '住户 HH-AAAA2' }), personalContext('nanhu', 'HH-AAAA2')) });
      });
      const dryRun = await linli(['reseal', '--dry-run'], rotated);
      expect(dryRun.stdout).toContain('households.personal_sealed\t2 to seal again');
      const run = await linli(['reseal'], rotated);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`sealed again with key ${dataKeyId(newKey)}: 2;`);
      await withOpen(target, async (database) => {
        const newOnly = new Sealer(newKey);
        for (const code of codes) {
          const row = (await database.knex('households').select('personal_sealed').where({ community_id: 'nanhu', code }).first()) as {
            personal_sealed: string;
          };
          expect(JSON.parse(newOnly.open(row.personal_sealed, personalContext('nanhu', code)))).toEqual({ name: `住户 ${code}` });
        }
      });
      const again = await linli(['reseal'], { ...rotated, LINLI_DATA_KEYS_PREVIOUS: strangerKey.toString('base64') });
      expect(again).toMatchObject({ code: 0 });
      expect(again.stderr).toContain(`every value is sealed with the current key ${dataKeyId(newKey)}`);
    });

    it('sweep deletes expired idempotency keys and refresh tokens and says how many', async () => {
      await initialised();
      await withOpen(target, async (database) => {
        const user = (await database.knex('users').select('id').where({ community_id: 'nanhu' }).first()) as { id: string };
        const past = new Date(Date.now() - 60_000);
        const future = new Date(Date.now() + 60 * 60_000);
        for (const [key, expires] of [
          ['gone-1', past],
          ['gone-2', past],
          ['kept', future],
        ] as const) {
          await database.knex('idempotency_keys').insert({
            community_id: 'nanhu',
            user_id: user.id,
            key,
            route: 'POST /x',
            request_hash: Buffer.alloc(32),
            state: 'completed',
            response_status: 200,
            response_body: '{}',
            expires_at: expires,
          });
        }
        await insertSession(database.knex, { community: 'nanhu', id: 'f', userId: user.id, userVersion: 0 }, new Date());
        for (const [id, expires] of [
          ['rt-gone', past],
          ['rt-kept', future],
        ] as const) {
          await database
            .knex('refresh_tokens')
            .insert({ community_id: 'nanhu', id, user_id: user.id, family_id: 'f', secret_hash: Buffer.alloc(32), expires_at: expires });
        }
      });
      const run = await linli(['sweep'], env);
      expect(run).toMatchObject({ code: 0, stdout: 'idempotency keys deleted: 2\nrefresh tokens deleted: 1\n' });
      await withOpen(target, async (database) => {
        expect(((await database.knex('idempotency_keys').select('key')) as { key: string }[]).map((row) => row.key)).toEqual(['kept']);
        expect(((await database.knex('refresh_tokens').select('id')) as { id: string }[]).map((row) => row.id)).toEqual(['rt-kept']);
      });
    });
  });
}

describe('linli without a database', () => {
  it('refuses every command that needs a database when neither DATABASE_URL nor LINLI_DATA_DIR says which (exit 4), creating nothing', async () => {
    const cwd = tmpdir();
    const defaultFolder = join(cwd, '.linli-data');
    const existedBefore = existsSync(defaultFolder);
    for (const argv of [
      ['migrate'],
      ['verify'],
      ['export', '--community', 'nanhu'],
      ['sweep'],
      ['init', '--community', 'nanhu', '--name', 'x', '--admin-username', 'boss', '--admin-name', 'A'],
    ]) {
      const run = await linli(argv, {});
      expect(run.code, `${argv.join(' ')}: ${run.stderr}`).toBe(exitCodes.unusable);
      expect(run.stderr).toMatch(/no database: set DATABASE_URL .*or LINLI_DATA_DIR/);
    }
    if (!existedBefore) expect(existsSync(defaultFolder)).toBe(false);
  });

  it('prints its commands and exit codes for --help, and answers an unknown command with exit 2', async () => {
    const help = await linli(['--help'], {});
    expect(help.code).toBe(0);
    for (const command of [
      'migrate',
      'init',
      'community create',
      'platform create',
      'user reset-password',
      'verify',
      'export',
      'reseal',
      'sweep',
    ])
      expect(help.stdout).toContain(`  ${command} `);
    expect(help.stdout).toContain('Exit codes: 0 done; 1 refused');
    expect((await linli(['export', '--help'], {})).stdout).toContain('--format csv|hledger');
    const unknown = await linli(['frobnicate'], {});
    expect(unknown.code).toBe(exitCodes.usage);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});
