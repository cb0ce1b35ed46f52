// Bad input, generated from the OpenAPI document with fast-check, to every operation it lists:
// wrong types, missing and unknown fields, huge strings, bad amounts, SQL and script strings,
// invalid UTF-8, non-JSON bodies, wrong content types, oversized bodies, bad query and path
// values, and a missing or malformed Idempotency-Key. Each is sent as a role the operation
// allows, in its own community, so the refusal comes from validation, not from auth. Every
// answer must be a 4xx problem+json with a code from the typed tables, and the books and every
// table must be as they were before.
import { createServer, type Server } from 'node:http';
import { rejectionCodes } from '@linli/ledger';
import fc from 'fast-check';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountExamples, amountsPastTheUnit, isSharedAmountSchema } from './bad-input-amounts.js';
import { answerClientErrors } from '../src/client-errors.js';
import { containsSchema, readOperations, type Operation } from './bad-input-generators.js';
import { badRequestKinds, type BadRequest } from './bad-input-requests.js';
import { apiErrorCodes, problemContentType } from '../src/http-errors.js';
import { buildOpenApiDocument, openApiRoute } from '../src/openapi.js';
import type { Route } from '../src/routing.js';
import { allRoutes } from '../src/routes/index.js';
import { snapshotBooks } from './test-support/books-snapshot.js';
import { describeOnDatabases, demoAccount, otherCommunity, type TestApp } from './test-support/test-app.js';
import type { Role } from '../src/auth/roles.js';

/** Runs per kind of bad request and operation; `LINLI_BAD_INPUT_RUNS` raises it for a longer hunt. */
const runsPerKind = Number(process.env['LINLI_BAD_INPUT_RUNS'] ?? '5');
/** `LINLI_BAD_INPUT_SEED` replays a failure fast-check reported. */
const seed = process.env['LINLI_BAD_INPUT_SEED'] === undefined ? undefined : Number(process.env['LINLI_BAD_INPUT_SEED']);

const knownCodes: ReadonlySet<string> = new Set<string>([...apiErrorCodes, ...rejectionCodes]);

/** The document as the app serves it: every route, and the document's own route. */
function documentedRoutes(): Route[] {
  const routes: Route[] = [...allRoutes];
  routes.push(openApiRoute(() => routes));
  return routes;
}
const document = buildOpenApiDocument(documentedRoutes());
const operations = readOperations(document);
/** Operations whose body has a field of the shared amount string (validation.ts). */
const amountOperations = operations.filter(
  (operation) => operation.body !== undefined && containsSchema(operation.body, isSharedAmountSchema),
);

function roleFor(operation: Operation): Role | undefined {
  const role = operation.roles[0];
  return role === undefined || role === 'public' ? undefined : (role as Role);
}

let keySerial = 0;

async function send(
  _app: TestApp,
  http: () => ReturnType<typeof supertest>,
  operation: Operation,
  token: string | undefined,
  bad: BadRequest,
) {
  const path = operation.path.replace(
    /\{([A-Za-z0-9_]+)\}/g,
    (_match, name: string) => bad.rawPathValues?.[name] ?? encodeURIComponent(bad.pathValues[name] ?? ''),
  );
  const query = new URLSearchParams(bad.query.map(([name, value]): [string, string] => [name, value])).toString();
  let request = http()[operation.method](query === '' ? path : `${path}?${query}`);
  if (token !== undefined) request = request.set('Authorization', `Bearer ${token}`);
  if (operation.idempotent && bad.idempotencyKey !== 'none') {
    const key = bad.idempotencyKey === 'fresh' ? `bad-input-${process.pid}-${(keySerial += 1)}` : bad.idempotencyKey;
    request = request.set('Idempotency-Key', key as string);
  }
  if (bad.body.kind === 'json') return request.set('Content-Type', 'application/json').send(bad.body.text);
  if (bad.body.kind === 'raw') {
    if (bad.body.contentType !== undefined) request = request.set('Content-Type', bad.body.contentType);
    // The bytes go out as they are: superagent would otherwise serialise a Buffer as JSON.
    return request.serialize((bytes: unknown) => bytes as string).send(bad.body.bytes);
  }
  return request;
}

describe('the bad-input suite reads the OpenAPI document', () => {
  it('finds every route there, each with the kinds of bad input that apply to it', () => {
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(
      documentedRoutes()
        .map((route) => route.operationId)
        .sort(),
    );
    for (const operation of operations) {
      const kinds = Object.keys(badRequestKinds(operation));
      // Every operation refuses an unknown query parameter at least.
      expect(kinds, operation.operationId).toContain('an unknown query parameter');
      if (operation.body !== undefined)
        expect(kinds, operation.operationId).toEqual(
          expect.arrayContaining(['a field of the wrong JSON type', 'invalid UTF-8 bytes', 'a body over the size limit']),
        );
      if (operation.idempotent) expect(kinds, operation.operationId).toContain('Idempotency-Key missing or empty');
    }
  });
});

describeOnDatabases('bad input from the OpenAPI document', (handle) => {
  const tokens = new Map<Role, string>();
  // A server as startServer makes one: node's own refusals are answered by client-errors.ts.
  let server: Server | undefined;
  const http = (): ReturnType<typeof supertest> => {
    if (server === undefined) throw new Error('the server has not started');
    return supertest(server);
  };

  beforeAll(async () => {
    const app = handle.get();
    server = createServer(app.app);
    answerClientErrors(server);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    // Logging in writes (refresh tokens), so every token is had before the books are first read.
    for (const operation of operations) {
      const role = roleFor(operation);
      if (role !== undefined && !tokens.has(role)) tokens.set(role, await app.tokenFor(demoAccount(role)));
    }
    for (const role of ['member', 'staff', 'coordinator', 'admin'] as const) {
      if (!tokens.has(role)) tokens.set(role, await app.tokenFor(demoAccount(role)));
    }
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('the app serves the document the suite reads', async () => {
    const response = await http().get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('the snapshot sees what a write changes, so an unchanged one means nothing was written', async () => {
    const app = handle.get();
    const token = await app.tokenFor(demoAccount('coordinator'));
    const before = await snapshotBooks(app.deps);
    const household = await http()
      .post('/api/v1/households')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'bad-input-snapshot-household')
      .send({ name: '快照测试户', address: '仙林社区 9栋' });
    expect(household.status, JSON.stringify(household.body)).toBe(201);
    const donation = await http()
      .post('/api/v1/donations/cash')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'bad-input-snapshot-cash')
      .send({ fund: 'elderly-care', amount: '1.00', donor: { anonymous: true }, method: 'cash' });
    expect(donation.status, JSON.stringify(donation.body)).toBe(201);
    const after = await snapshotBooks(app.deps);
    expect(after.tables['households']).not.toBe(before.tables['households']);
    const [books, booksBefore] = [after.communities['xianlin'], before.communities['xianlin']];
    expect(books?.journal.transactions).toBe((booksBefore?.journal.transactions ?? 0) + 1);
    expect(books?.journal.head).not.toBe(booksBefore?.journal.head);
    expect(books?.accounts).not.toEqual(booksBefore?.accounts);
  });

  for (const operation of operations) {
    const kinds = badRequestKinds(operation);
    it(`${operation.method.toUpperCase()} ${operation.path} (${operation.operationId}): ${Object.keys(kinds).length} kinds of bad input, each refused with a problem; nothing changes`, async () => {
      const app = handle.get();
      const role = roleFor(operation);
      const token = role === undefined ? undefined : tokens.get(role);
      const before = await snapshotBooks(app.deps);
      for (const [kind, arbitrary] of Object.entries(kinds)) {
        await fc.assert(
          fc.asyncProperty(arbitrary, async (bad) => {
            const response = await send(app, http, operation, token, bad);
            const body = response.body as { code?: unknown; status?: unknown };
            const what = `${kind}: ${bad.label} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
            expect(response.status, what).toBeLessThan(500);
            if (bad.outcome === 'answered') {
              // A read that accepts the text: any answer but a failure; a refusal is still a problem.
              if (response.status < 400) return;
            } else {
              expect(response.status, what).toBeGreaterThanOrEqual(400);
            }
            expect(response.headers['content-type'], what).toMatch(new RegExp(`^${problemContentType.replace('+', '\\+')}(;|$)`));
            expect(knownCodes.has(String(body.code)), what).toBe(true);
            expect(body.status, what).toBe(response.status);
            if (bad.outcome !== 'answered') expect(bad.codes, what).toContain(body.code);
          }),
          { numRuns: runsPerKind, seed, endOnFailure: true },
        );
      }
      expect(await snapshotBooks(app.deps)).toEqual(before);
    });
  }

  it('finds the operations with an amount field, each with a valid example request', () => {
    expect(amountOperations.length).toBeGreaterThan(0);
    for (const operation of amountOperations)
      expect(amountExamples[operation.operationId], `${operation.operationId} needs an example in bad-input-amounts.ts`).toBeDefined();
  });

  for (const operation of amountOperations) {
    it(`${operation.method.toUpperCase()} ${operation.path} (${operation.operationId}): amounts past their unit (over its scale, zero, negative, the largest, not a decimal) are refused with the ledger's code and spoken of as sent; nothing changes; the example itself is accepted`, async () => {
      const app = handle.get();
      const example = amountExamples[operation.operationId]?.({
        users: app.demoUsers,
        otherCommunity,
        otherMember: app.otherUsers.get('member') ?? '',
        household: app.demoHouseholds[0] ?? '',
        now: app.deps.now(),
      });
      if (example === undefined) throw new Error(`${operation.operationId} has no example`);
      const token = tokens.get(example.role);
      const catalogue = await http()
        .get('/api/v1/catalogue/items?limit=100')
        .set('Authorization', `Bearer ${tokens.get('admin') ?? ''}`);
      expect(catalogue.status).toBe(200);
      const scales = new Map((catalogue.body as { items: { code: string; scale: number }[] }).items.map((item) => [item.code, item.scale]));
      const before = await snapshotBooks(app.deps);
      await fc.assert(
        fc.asyncProperty(amountsPastTheUnit(operation, example, scales), async (bad) => {
          const response = await send(app, http, operation, token, {
            label: bad.label,
            pathValues: example.pathValues,
            query: [],
            idempotencyKey: 'fresh',
            body: { kind: 'json', text: JSON.stringify(bad.body) },
            codes: bad.codes,
          });
          const what = `${bad.label} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
          expect(response.status, what).toBeGreaterThanOrEqual(400);
          expect(response.status, what).toBeLessThan(500);
          expect(response.headers['content-type'], what).toMatch(/^application\/problem\+json(;|$)/);
          expect(bad.codes, what).toContain((response.body as { code?: unknown }).code);
          // The answer speaks of the amount as it was sent: never with a sign the client did not
          // write (a gift's giver posting is the negative), and its help text never shows a
          // negative example where the route moves a positive amount.
          const problem = response.body as { detail?: string; errors?: { detail: string }[] };
          if (!bad.value.startsWith('-')) expect(problem.detail ?? '', what).not.toContain(`-${bad.value}`);
          for (const error of problem.errors ?? []) expect(error.detail, what).not.toMatch(/"-[0-9]/);
        }),
        { numRuns: runsPerKind * 4, seed, endOnFailure: true },
      );
      expect(await snapshotBooks(app.deps)).toEqual(before);
      // The same request with its own amount is accepted: the refusals were the amount's.
      const accepted = await send(app, http, operation, token, {
        label: 'the example',
        pathValues: example.pathValues,
        query: [],
        idempotencyKey: 'fresh',
        body: { kind: 'json', text: JSON.stringify(example.body) },
        codes: [],
      });
      expect(accepted.status, JSON.stringify(accepted.body).slice(0, 300)).toBeLessThan(300);
    });
  }
});
