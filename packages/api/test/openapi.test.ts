import SwaggerParser from '@apidevtools/swagger-parser';
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { openApiPath, type OpenApiDocument } from '../src/openapi.js';
import type { Database } from '@linli/ledger';
import supertest from 'supertest';

/** The app is built without a database: only the document is read, no route touches the database. */
function appWithoutDatabase(): Express {
  const database = { kind: 'pglite', knex: undefined, close: async () => undefined } as unknown as Database;
  return buildApp(createDeps({ database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: false }));
}

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** What express actually answers: each layer of the app's router that is a route. */
function expressRoutes(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: RouterLayer[] } }).router.stack;
  return stack.flatMap((layer) =>
    layer.route === undefined
      ? []
      : Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => `${method} ${openApiPath(layer.route?.path ?? '')}`),
  );
}

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const response = await supertest(appWithoutDatabase()).get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents every route express answers, and no other', async () => {
    const app = appWithoutDatabase();
    const document = (await supertest(app).get('/api/openapi.json')).body as OpenApiDocument;
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    const served = expressRoutes(app);
    expect(served.length).toBeGreaterThan(15);
    expect(documented.sort()).toEqual(served.sort());
  });

  it('describes strict bodies, bounded strings, roles and the Idempotency-Key header', async () => {
    const document = (await supertest(appWithoutDatabase()).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const create = document.paths['/api/v1/households']?.['post'] as {
      parameters: { name: string; required: boolean }[];
      requestBody: {
        content: Record<string, { schema: { additionalProperties: boolean; properties: Record<string, { maxLength?: number }> } }>;
      };
      'x-linli-roles': string[];
    };
    const schema = create.requestBody.content['application/json']?.schema;
    expect(schema?.additionalProperties).toBe(false);
    expect(schema?.properties['name']?.maxLength).toBe(100);
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', required: true }));
    expect(create['x-linli-roles']).toEqual(['coordinator', 'admin']);
    const get = document.paths['/api/v1/households/{code}']?.['get'] as { parameters: { name: string; in: string }[] };
    expect(get.parameters).toContainEqual(expect.objectContaining({ name: 'code', in: 'path' }));
  });
});
