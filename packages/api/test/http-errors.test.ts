import { randomBytes } from 'node:crypto';
import { LedgerRejection, rejectionCodes, type Database } from '@linli/ledger';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { apiErrorCodes, apiErrors, ApiError, ledgerRejectionStatus } from '../src/http-errors.js';
import { defineRoute } from '../src/routing.js';

const database = { kind: 'pglite', knex: undefined, close: async () => undefined } as unknown as Database;
const deps = createDeps({ database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: false });

const throwing = (operationId: string, path: string, error: () => unknown) =>
  defineRoute({
    operationId,
    method: 'get',
    path,
    summary: 'test',
    tag: 'test',
    access: 'public',
    response: { status: 200, description: 'never', schema: z.strictObject({}) },
    handler: async () => {
      throw error();
    },
  });

const app = buildApp(deps, [
  throwing(
    'ledgerRefuses',
    '/test/ledger',
    () => new LedgerRejection('exceeds_lower_limit', 'the account would go below its lowest balance'),
  ),
  throwing('ledgerNotFound', '/test/ledger-missing', () => new LedgerRejection('account_not_found', 'no account member/u-x/hours')),
  throwing('crashes', '/test/crash', () => new TypeError('secret internals at /srv/linli/file.ts:12')),
  throwing('refuses', '/test/refuse', () => new ApiError('rate_limited', { headers: { 'Retry-After': '7' } })),
  defineRoute({
    operationId: 'badResponse',
    method: 'get',
    path: '/test/bad-response',
    summary: 'test',
    tag: 'test',
    access: 'public',
    response: { status: 200, description: 'a number', schema: z.strictObject({ count: z.number() }) },
    handler: async () => ({ count: 'many' }) as unknown as { count: number },
  }),
]);

describe('error codes', () => {
  it('has a status from 400 to 599 and a title for every code', () => {
    for (const code of apiErrorCodes) {
      expect(apiErrors[code].status).toBeGreaterThanOrEqual(400);
      expect(apiErrors[code].status).toBeLessThan(600);
      expect(apiErrors[code].title.length).toBeGreaterThan(0);
    }
  });

  it('maps every ledger rejection to a 4xx status', () => {
    for (const code of rejectionCodes) expect([404, 409, 422]).toContain(ledgerRejectionStatus(code));
  });
});

describe('the error handler', () => {
  it('answers a ledger rejection with its own code as a problem', async () => {
    const response = await supertest(app).get('/test/ledger');
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'exceeds_lower_limit',
      type: 'urn:linli:problem:exceeds_lower_limit',
      detail: 'the account would go below its lowest balance',
    });
    expect((await supertest(app).get('/test/ledger-missing')).status).toBe(404);
  });

  it('answers an unexpected error with 500 internal_error and hides its message and stack', async () => {
    const response = await supertest(app).get('/test/crash').set('X-Request-Id', 'crash-1');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      type: 'urn:linli:problem:internal_error',
      title: 'Internal error',
      status: 500,
      code: 'internal_error',
      requestId: 'crash-1',
      instance: '/test/crash',
    });
    expect(response.text).not.toMatch(/secret|srv|TypeError/);
  });

  it('passes on an ApiError’s headers', async () => {
    const response = await supertest(app).get('/test/refuse');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
  });

  it('treats a response that does not match its schema as a programmer error (500)', async () => {
    expect((await supertest(app).get('/test/bad-response')).status).toBe(500);
  });
});
