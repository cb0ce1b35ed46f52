// Hostile text in valid writing requests: free-text fields (names, addresses, notes, memos,
// titles) take any text, so SQL-looking and script strings, template syntax, paths, right-to-left
// overrides, spreadsheet formulas and strings of the field's maxLength are accepted (2xx). The
// free-text fields are found in the OpenAPI document (the `text()` pattern of validation.ts);
// each example is a valid request of the demo community. Every value must read back through the
// API exactly as sent, every table must still be there and the journal verify, the HTML pages
// that show such text must escape it (and carry the CSP header), and the CSV journal export must
// not let a memo become a spreadsheet formula.
import { books } from '@linli/ledger';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { readOperations, sitesOf, withValueAt, type JsonSchema, type Operation } from './bad-input-generators.js';
import type { Role } from '../src/auth/roles.js';
import { buildOpenApiDocument } from '../src/openapi.js';
import { allRoutes } from '../src/routes/index.js';
import { proposeVolunteer } from '../src/workflows/matching.js';
import { snapshotBooks } from './test-support/books-snapshot.js';
import { volunteerWindow } from './test-support/volunteer-window.js';
import { describeOnDatabases, demoAccount, type TestApp } from './test-support/test-app.js';
import { text } from '../src/validation.js';

const runs = Number(process.env['LINLI_BAD_INPUT_RUNS'] ?? '5');
const seed = process.env['LINLI_BAD_INPUT_SEED'] === undefined ? undefined : Number(process.env['LINLI_BAD_INPUT_SEED']);

const operations = readOperations(buildOpenApiDocument([...allRoutes]));
const freeTextPattern = String((z.toJSONSchema(text(1)) as { pattern?: string }).pattern);
const isFreeText = (schema: JsonSchema): boolean => schema.type === 'string' && schema.pattern === freeTextPattern;

/** Text a free-text field must take and give back as it is. */
export const hostileTexts = [
  "'; drop table ledger_postings; --",
  "Robert'); DROP TABLE users;--",
  '1; select pg_sleep(10)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
  '\u202egnp.exe',
  '王阿姨\u202e\u2066 家',
  '=HYPERLINK("http://example.com","点击")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  "=cmd|' /C calc'!A0",
];
/** Memos that a spreadsheet would run as a formula if written as they are. */
const formulaTexts = hostileTexts.filter((value) => /^[=+\-@]/.test(value));

/** A hostile text, or one as long as the field allows (hostile text repeated, then cut). */
function hostileFor(schema: JsonSchema): fc.Arbitrary<string> {
  const max = schema.maxLength ?? 200;
  const fitting = hostileTexts.filter((value) => value.length <= max);
  return fc.oneof(
    fc.constantFrom(...fitting),
    fc.constantFrom(...fitting).map((value) => value.repeat(Math.ceil(max / value.length)).slice(0, max)),
  );
}

interface TextExample {
  operationId: string;
  role: Role;
  /** The path, where the operation's has parameters. */
  path?: string;
  body: (context: { serial: number; users: ReadonlyMap<string, string>; now: Date }) => Record<string, unknown>;
  /** Where the stored values are read back, from the answer to the write. */
  readBack: (created: Record<string, unknown>) => { role: Role; path: string }[];
  /** An HTML page that shows the values. */
  html?: (created: Record<string, unknown>) => { role: Role; path: string };
}

/** Valid writes of the demo community whose free-text fields get hostile text. */
const examples: TextExample[] = [
  {
    operationId: 'householdsCreate',
    role: 'coordinator',
    body: () => ({ name: '张三', address: '仙林社区 1栋', notes: '行动不便' }),
    readBack: (created) => [{ role: 'coordinator', path: `/api/v1/households/${String(created['code'])}` }],
  },
  {
    operationId: 'donationsCashCreate',
    role: 'staff',
    body: () => ({ fund: 'elderly-care', amount: '1.00', donor: { name: '钱女士' }, method: 'cash', memo: '善款' }),
    readBack: (created) => [
      { role: 'coordinator', path: `/api/v1/donations/${String(created['id'])}/receipt` },
      { role: 'auditor', path: `/api/v1/accounts/${encodeURIComponent('fund/elderly-care')}/statement?limit=100` },
    ],
    html: (created) => ({ role: 'coordinator', path: `/api/v1/donations/${String(created['id'])}/receipt?format=html` }),
  },
  {
    operationId: 'giftsCreate',
    role: 'member',
    body: () => ({ to: 'pool', hours: '0.01', memo: '赠送' }),
    readBack: () => [{ role: 'member', path: '/api/v1/me/statement?limit=100' }],
  },
  {
    operationId: 'fundGrantsCreate',
    role: 'coordinator',
    path: '/api/v1/funds/elderly-care/grants',
    body: () => ({ project: 'meal-delivery', amount: '0.01', memo: '拨款' }),
    readBack: () => [{ role: 'auditor', path: `/api/v1/accounts/${encodeURIComponent('fund/elderly-care')}/statement?limit=100` }],
  },
  {
    operationId: 'membersCreate',
    role: 'coordinator',
    body: ({ serial }) => ({ username: `hostile-${serial}`, displayName: '新志愿者', password: 'a long enough password' }),
    readBack: (created) => [{ role: 'coordinator', path: `/api/v1/members/${String(created['id'])}` }],
  },
  {
    operationId: 'needsCreate',
    role: 'coordinator',
    body: ({ users, now }) => ({
      title: '辅导数学',
      requester: users.get('wang-ayi'),
      payer: 'requester',
      skills: ['tutoring'],
      certificates: ['急救证'],
      gridCell: '仙林社区第1网格',
      place: { eastM: 120, northM: 40 },
      address: '仙林社区 9栋',
      window: { start: new Date(now.getTime() + 86_400_000).toISOString(), end: new Date(now.getTime() + 93_600_000).toISOString() },
      slots: 1,
      hoursPerSlot: '1.00',
      urgency: 2,
    }),
    readBack: (created) => [{ role: 'coordinator', path: `/api/v1/needs/${String(created['id'])}` }],
  },
  {
    operationId: 'fundsCreate',
    role: 'admin',
    body: ({ serial }) => ({ code: `hostile-${serial}`, name: '助学基金', projects: [{ code: 'books', name: '图书' }] }),
    readBack: () => [{ role: 'auditor', path: '/api/v1/funds' }],
  },
  {
    operationId: 'storesCreate',
    role: 'admin',
    body: ({ serial }) => ({ id: `hostile-${serial}`, name: '第二超市' }),
    readBack: () => [{ role: 'auditor', path: '/api/v1/stores' }],
  },
];

/**
 * Writing operations with free-text fields that have no example above, and why. The suite fails
 * for any other operation with such a field, so a new one is not silently left out.
 */
const notReadBack: Readonly<Record<string, string>> = {
  usersCreate: 'the same displayName as membersCreate; the account list pages by id',
  usersUpdate: 'the same displayName as membersCreate, on an existing account',
  membersUpdate: 'sent in the service certificate test below, which renames the volunteer',
  householdsUpdate: 'the same fields as householdsCreate, on an existing household',
  giftsCreateOnBehalf: 'the consent note is sealed into the audit log, which never shows it; the memo is as giftsCreate',
  clearingTransfersCreate: 'a transfer is read back without its memo; the memo is as giftsCreate',
  clearingTransfersCreateOnBehalf: 'as clearingTransfersCreate, and the consent note is sealed',
  catalogueItemsCreate: 'each run adds an item with accounts in every store; the name is as storesCreate',
  donationsInKindCreate: 'the donor name and memo are as donationsCashCreate',
  distributionsCreate: 'needs points and stock per run; the memo is as fundGrantsCreate',
  fundSpendingCreate: 'the same memo as fundGrantsCreate',
  volunteersProfilePut: 'certificate names are free text as in needsCreate',
  platformCommunitiesCreate: 'the same displayName as membersCreate, twice; each run would add a community with its books',
  applicationsCreate: 'public and limited per address; the name is the displayName of membersCreate, read back in applications.test.ts',
  applicationsDecline: 'each run needs a pending application; the reason is read back on the status page in applications.test.ts',
};

/** Every schema in a schema, itself included. */
function sitesOfSchema(schema: JsonSchema): JsonSchema[] {
  const inside = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.items === undefined ? [] : [schema.items]),
  ];
  return [schema, ...inside.flatMap(sitesOfSchema)];
}

/** Every string anywhere in a JSON value. */
function stringsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}

function operationOf(operationId: string): Operation {
  const operation = operations.find((item) => item.operationId === operationId);
  if (operation?.body === undefined) throw new Error(`${operationId} is not a documented operation with a body`);
  return operation;
}

describeOnDatabases('hostile text in valid requests', (handle) => {
  const token = async (app: TestApp, role: Role) => `Bearer ${await app.tokenFor(demoAccount(role))}`;
  const sentMemos: string[] = [];

  it('every writing operation with a free-text field has an example, or a reason why not', () => {
    const withText = operations
      .filter((operation) => operation.body !== undefined && sitesOfSchema(operation.body).some(isFreeText))
      .map((operation) => operation.operationId);
    expect(withText.length).toBeGreaterThan(0);
    for (const operationId of withText)
      expect(examples.some((example) => example.operationId === operationId) || notReadBack[operationId] !== undefined, operationId).toBe(
        true,
      );
  });

  for (const example of examples) {
    it(`${example.operationId}: SQL, script, template, path, RTL and formula text in every free-text field is stored and read back as sent`, async () => {
      const app = handle.get();
      const operation = operationOf(example.operationId);
      const users = app.demoUsers;
      const template = example.body({ serial: 0, users, now: app.deps.now() });
      const sites = sitesOf(operation.body as JsonSchema, template).filter((site) => isFreeText(site.schema));
      expect(sites.length, 'the example has free-text fields').toBeGreaterThan(0);
      const filled = fc.tuple(...sites.map((site) => hostileFor(site.schema))).map((values) => ({ values }));
      const writer = await token(app, example.role);
      let serial = 0;
      await fc.assert(
        fc.asyncProperty(filled, async ({ values }) => {
          serial += 1;
          const base = example.body({ serial, users, now: app.deps.now() });
          const body = values.reduce<unknown>(
            (into, value, index) => withValueAt(into, (sites[index] as { path: readonly (string | number)[] }).path, { value }),
            base,
          ) as Record<string, unknown>;
          const response = await app
            .http()
            [operation.method](example.path ?? operation.path)
            .set('Authorization', writer)
            .set('Idempotency-Key', `hostile-${example.operationId}-${process.pid}-${serial}`)
            .send(body);
          const what = `${JSON.stringify(values).slice(0, 200)} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
          expect(response.status, what).toBeGreaterThanOrEqual(200);
          expect(response.status, what).toBeLessThan(300);
          if (typeof body['memo'] === 'string') sentMemos.push(body['memo']);
          const stored = new Set<string>();
          for (const read of example.readBack(response.body as Record<string, unknown>)) {
            const answer = await app
              .http()
              .get(read.path)
              .set('Authorization', await token(app, read.role));
            expect(answer.status, `${read.path}: ${JSON.stringify(answer.body).slice(0, 200)}`).toBe(200);
            stringsIn(answer.body, stored);
          }
          for (const value of values) expect(stored.has(value), `${JSON.stringify(value).slice(0, 80)} read back as sent`).toBe(true);
          if (example.html !== undefined) {
            const page = example.html(response.body as Record<string, unknown>);
            const html = await app
              .http()
              .get(page.path)
              .set('Authorization', await token(app, page.role));
            expect(html.status).toBe(200);
            expect(html.headers['content-type']).toMatch(/^text\/html/);
            expect(html.headers['content-security-policy']).toMatch(/default-src 'self'/);
            expect(html.text).not.toMatch(/<\s*(script|img|svg)\b/i);
            for (const value of values.filter((item) => /[<>"]/.test(item)))
              expect(html.text.includes(value), `${value} escaped in the HTML`).toBe(false);
          }
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
    });
  }

  it('the service certificate page escapes a hostile volunteer name and need title, and the JSON certificate gives them back as sent', async () => {
    const app = handle.get();
    const coordinator = await token(app, 'coordinator');
    const volunteer = await token(app, 'member');
    const volunteerId = app.demoUsers.get('member') ?? '';
    const requester = app.demoUsers.get('wang-ayi') ?? '';
    await app.deps.ledger.post(
      books.serviceCredit({
        community: 'xianlin',
        id: 'hostile-text/banked',
        actor: 'test',
        volunteer: requester,
        payer: 'issuance',
        hours: '20.00',
      }),
    );
    const step = async (path: string, who: string, key: string, body?: object) => {
      const request = app.http().post(path).set('Authorization', who).set('Idempotency-Key', key);
      const response = await (body === undefined ? request : request.send(body));
      expect(response.status, `${path}: ${JSON.stringify(response.body).slice(0, 300)}`).toBeLessThan(300);
      return response.body as Record<string, unknown>;
    };
    let serial = 0;
    const named = hostileTexts.filter((value) => value.length <= 100);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...named), fc.constantFrom(...hostileTexts), async (name, title) => {
        serial += 1;
        const renamed = await app
          .http()
          .patch(`/api/v1/members/${volunteerId}`)
          .set('Authorization', coordinator)
          .send({ displayName: name });
        expect(renamed.status, JSON.stringify(renamed.body).slice(0, 300)).toBe(200);
        const need = await step('/api/v1/needs', coordinator, `hostile-cert-need-${serial}`, {
          title,
          requester,
          payer: 'requester',
          skills: ['tutoring'],
          gridCell: '仙林社区第1网格',
          place: { eastM: 120, northM: 40 },
          // A day of its own at 10:00 China time: accepting checks the matching rules.
          window: volunteerWindow(serial, 10, 1),
          slots: 1,
          hoursPerSlot: '1.00',
          urgency: 2,
        });
        const assignment = await proposeVolunteer(app.deps.knex, 'xianlin', 'test', String(need['id']), volunteerId, app.deps.now());
        await step(`/api/v1/assignments/${assignment}/accept`, volunteer, `hostile-cert-accept-${serial}`);
        await step(`/api/v1/assignments/${assignment}/check-in`, volunteer, `hostile-cert-in-${serial}`);
        await step(`/api/v1/assignments/${assignment}/check-out`, coordinator, `hostile-cert-out-${serial}`);
        await step(`/api/v1/assignments/${assignment}/approve`, coordinator, `hostile-cert-approve-${serial}`, { hours: '1.00' });
        const certificate = await app.http().get(`/api/v1/service-records/${assignment}/certificate`).set('Authorization', volunteer);
        expect(certificate.status, JSON.stringify(certificate.body).slice(0, 300)).toBe(200);
        const stored = stringsIn(certificate.body);
        expect(stored.has(name), `${name} read back as sent`).toBe(true);
        expect(stored.has(title), `${title} read back as sent`).toBe(true);
        const page = await app.http().get(`/api/v1/service-records/${assignment}/certificate?format=html`).set('Authorization', volunteer);
        expect(page.status).toBe(200);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
        expect(page.text).not.toMatch(/<\s*(script|img|svg)\b/i);
        for (const value of [name, title].filter((item) => /[<>"]/.test(item)))
          expect(page.text.includes(value), `${value} escaped in the HTML`).toBe(false);
      }),
      { numRuns: Math.min(runs, 3), seed, endOnFailure: true },
    );
  });

  it('every table is still there and the journal verifies', async () => {
    const app = handle.get();
    const snapshot = await snapshotBooks(app.deps);
    for (const table of ['ledger_postings', 'ledger_transactions', 'ledger_accounts', 'users', 'households'])
      expect(snapshot.tables[table], table).toBeDefined();
    for (const [community, books] of Object.entries(snapshot.communities)) expect(books.journal.ok, community).toBe(true);
    const verify = await app
      .http()
      .get('/api/v1/audit/verify')
      .set('Authorization', await token(app, 'auditor'));
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('the hledger journal export keeps a memo with line breaks on its own line, so it cannot add postings or transactions', async () => {
    const app = handle.get();
    const memo = '礼物\n    hours:stolen  1000 HOUR\n2020-01-01 forged\n    hours:pool  -1000 HOUR ; x';
    const gift = await app
      .http()
      .post('/api/v1/gifts')
      .set('Authorization', await token(app, 'member'))
      .set('Idempotency-Key', 'hostile-hledger')
      .send({ to: 'pool', hours: '0.01', memo });
    expect(gift.status, JSON.stringify(gift.body)).toBe(201);
    const journal = await app
      .http()
      .get('/api/v1/audit/journal?format=hledger')
      .set('Authorization', await token(app, 'auditor'))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(journal.status).toBe(200);
    const lines = (journal.body as string).split('\n');
    expect(lines.some((line) => line.includes('礼物'))).toBe(true);
    expect(lines.filter((line) => /^\s*hours:stolen|^2020-01-01 forged/.test(line))).toEqual([]);
  });

  it('the CSV journal export writes memos that look like formulas as text, not formulas (CSV injection)', async () => {
    const app = handle.get();
    const member = await token(app, 'member');
    for (const [index, memo] of formulaTexts.entries()) {
      const gift = await app
        .http()
        .post('/api/v1/gifts')
        .set('Authorization', member)
        .set('Idempotency-Key', `hostile-formula-${index}`)
        .send({ to: 'pool', hours: '0.01', memo });
      expect(gift.status, JSON.stringify(gift.body)).toBe(201);
      sentMemos.push(memo);
    }
    const csv = await app
      .http()
      .get('/api/v1/audit/journal?format=csv')
      .set('Authorization', await token(app, 'auditor'))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(csv.status).toBe(200);
    const rows = parse(csv.body as string, { bom: true, columns: true }) as Record<string, string>[];
    const memos = new Set(rows.map((row) => row['memo'] ?? ''));
    for (const memo of sentMemos.filter((value) => /^[=+\-@\t\r]/.test(value))) {
      expect(memos.has(memo), `${memo} written as it is`).toBe(false);
      expect(memos.has(`'${memo}`), `${memo} written as text`).toBe(true);
    }
    // No text field of any row starts a formula; amounts may start with a minus sign.
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (column === 'amount' || column === 'balance_after') continue;
        expect(value, `${column} of ${row['transaction_id']}`).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });
});
