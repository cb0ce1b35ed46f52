import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeOnDatabases, demoAccount } from './test-support/test-app.js';

describeOnDatabases('app foundations', (handle) => {
  describe('health', () => {
    it('GET /healthz answers while the process is up', async () => {
      const response = await handle.get().http().get('/healthz');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    });

    it('GET /readyz answers when the database does', async () => {
      const response = await handle.get().http().get('/readyz');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ready', database: handle.get().kind });
    });
  });

  describe('request ids', () => {
    it('echoes a sane X-Request-Id and puts it in problems', async () => {
      const response = await handle.get().http().get('/nowhere').set('X-Request-Id', 'abc-123');
      expect(response.headers['x-request-id']).toBe('abc-123');
      expect(response.body.requestId).toBe('abc-123');
    });

    it('replaces an unreasonable X-Request-Id with its own', async () => {
      const response = await handle.get().http().get('/healthz').set('X-Request-Id', 'has spaces and "quotes"');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('problem+json', () => {
    it('answers an unknown route with a 404 problem of its own code, route_not_found', async () => {
      const response = await handle.get().http().get('/api/v1/nothing-here?x=1');
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'urn:linli:problem:route_not_found',
        title: 'No route answers this method and path',
        status: 404,
        code: 'route_not_found',
        instance: '/api/v1/nothing-here',
      });
      expect(typeof response.body.requestId).toBe('string');
    });

    it('refuses malformed JSON with 400 malformed_json and no stack trace', async () => {
      const response = await handle
        .get()
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"community": "xianlin",');
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('malformed_json');
      expect(JSON.stringify(response.body)).not.toMatch(/at \w+ \(|node_modules|SyntaxError/);
    });

    it('refuses a body over 100 kB with 413 payload_too_large', async () => {
      const response = await handle
        .get()
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ community: 'xianlin', username: 'admin', password: 'x'.repeat(200_000) }));
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('payload_too_large');
    });

    it('refuses invalid UTF-8 with 400 invalid_utf8', async () => {
      // Sent over a real socket: the raw bytes must reach the parser unchanged.
      const body = Buffer.concat([
        Buffer.from('{"community":"xianlin","username":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('","password":"p"}'),
      ]);
      const server = handle.get().app.listen(0);
      try {
        const { port } = server.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        });
        expect(response.status).toBe(400);
        expect(((await response.json()) as { code: string }).code).toBe('invalid_utf8');
      } finally {
        server.close();
      }
    });

    it('refuses a non-JSON body with 415', async () => {
      const response = await handle.get().http().post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('community=xianlin');
      expect(response.status).toBe(415);
      expect(response.body.code).toBe('unsupported_media_type');
    });

    it('refuses a path parameter that is not valid percent-encoding with 400, not 500', async () => {
      // The router decodes `%E0%A4%A` before authentication and used to answer 500 internal_error.
      for (const token of [undefined, await handle.get().tokenFor(demoAccount('coordinator'))]) {
        const request = handle.get().http().get('/api/v1/households/%E0%A4%A');
        const response = await (token === undefined ? request : request.set('Authorization', `Bearer ${token}`));
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ code: 'bad_request', detail: 'the path is not valid percent-encoding' });
      }
    });

    it('refuses valid JSON of the wrong type (a string, null) as validation_failed, and text that is not JSON as malformed_json', async () => {
      for (const body of ['"just a string"', 'null', '42', '[]']) {
        const response = await handle.get().http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body);
        expect([response.status, response.body.code], body).toEqual([400, 'validation_failed']);
        expect(response.body.errors, body).toEqual([expect.objectContaining({ in: 'body', pointer: '' })]);
      }
      const notJson = await handle.get().http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"community":');
      expect([notJson.status, notJson.body.code]).toEqual([400, 'malformed_json']);
    });

    it('lists every field problem: wrong types, missing and unknown fields', async () => {
      const response = await handle.get().http().post('/api/v1/auth/login').send({ community: 42, password: 'p', isAdmin: true });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      const pointers = (response.body.errors as { in: string; pointer: string }[]).map((error) => `${error.in}${error.pointer}`).sort();
      expect(pointers).toEqual(['body/community', 'body/isAdmin', 'body/username']);
    });

    it('refuses huge strings by their bounds, without echoing them', async () => {
      const huge = 'x'.repeat(50_000);
      const response = await handle.get().http().post('/api/v1/auth/login').send({ community: 'xianlin', username: huge, password: 'p' });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).not.toContain('x'.repeat(100));
    });

    it('refuses unknown and repeated query parameters', async () => {
      const token = await handle.get().tokenFor(demoAccount('admin'));
      const unknown = await handle.get().http().get('/api/v1/users?sort=name').set('Authorization', `Bearer ${token}`);
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([{ in: 'query', pointer: '/sort', detail: 'unknown field' }]);
      const repeated = await handle.get().http().get('/api/v1/users?limit=1&limit=2').set('Authorization', `Bearer ${token}`);
      expect(repeated.status).toBe(400);
      const outOfRange = await handle.get().http().get('/api/v1/users?limit=1000').set('Authorization', `Bearer ${token}`);
      expect(outOfRange.status).toBe(400);
    });

    it('sets security headers and forbids caching', async () => {
      const response = await handle.get().http().get('/healthz');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-powered-by']).toBeUndefined();
    });
  });
});
