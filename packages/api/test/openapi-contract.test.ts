// The served OpenAPI document is the contract: every route takes its method, path, request and
// answer schemas from @linli/contract, and /api/openapi.json documents exactly those schemas.
import { randomBytes } from 'node:crypto';
import { operations, problemSchema } from '@linli/contract';
import type { Database } from '@linli/ledger';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { openApiPath, openApiRoute, type OpenApiDocument } from '../src/openapi.js';
import { allRoutes } from '../src/routes/index.js';
import type { Route } from '../src/routing.js';

interface Contract {
  method: string;
  path: string;
  request?: { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType };
  response: { status: number; description: string; schema?: z.ZodType };
}

interface Operation {
  operationId: string;
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

const contracts = operations as unknown as Readonly<Record<string, Contract>>;

/** A schema as JSON Schema draft 2020-12 (OpenAPI 3.1's dialect), the way the document writes it. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): { name: string; schema: unknown }[] {
  if (schema === undefined) return [];
  const properties = (jsonSchema(schema, 'input')['properties'] ?? {}) as Record<string, unknown>;
  return Object.entries(properties).map(([name, property]) => ({ name, in: location, schema: property }));
}

async function servedDocument(): Promise<OpenApiDocument> {
  const database = { kind: 'pglite', knex: undefined, close: async () => undefined } as unknown as Database;
  const app = buildApp(createDeps({ database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: false }));
  return (await supertest(app).get('/api/openapi.json')).body as OpenApiDocument;
}

/** What differs between each route and its operation in the contract: method, path, schemas (by identity), answer. */
function mismatches(routes: readonly Route[]): string[] {
  const found: string[] = [];
  for (const route of routes) {
    const contract = contracts[route.operationId];
    if (contract === undefined) {
      found.push(`${route.operationId}: not in the contract`);
      continue;
    }
    const same = (part: string, ours: unknown, theirs: unknown) => {
      if (ours !== theirs) found.push(`${route.operationId}: ${part}`);
    };
    same('method', route.method, contract.method);
    same('path', route.path, contract.path);
    same('body', route.schemas.body, contract.request?.body);
    if (contract.request?.query !== undefined) same('query', route.schemas.query, contract.request.query);
    if (contract.request?.params !== undefined) same('params', route.schemas.params, contract.request.params);
    same('response', route.schemas.response, contract.response.schema);
    same('status', route.responseStatus, contract.response.status);
    same('description', route.responseDescription, contract.response.description);
  }
  return found;
}

describe('the api and @linli/contract', () => {
  it('every route is an operation of the contract and uses its schemas themselves', () => {
    const routes = [...allRoutes, openApiRoute(() => allRoutes)];
    expect(mismatches(routes)).toEqual([]);
    expect(routes.map((route) => route.operationId).sort()).toEqual(Object.keys(contracts).sort());
  });

  it('GET /api/openapi.json documents each operation with the contract’s schemas, and nothing else', async () => {
    const document = await servedDocument();
    const served = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(served.map(({ operation }) => operation.operationId).sort()).toEqual(Object.keys(contracts).sort());
    for (const { path, method, operation } of served) {
      const contract = contracts[operation.operationId];
      if (contract === undefined) throw new Error(`assertion: ${operation.operationId} is in the contract`);
      expect({ operationId: operation.operationId, path, method }).toEqual({
        operationId: operation.operationId,
        path: openApiPath(contract.path),
        method: contract.method,
      });
      const parameters = operation.parameters
        .filter((parameter) => parameter.in !== 'header')
        .map(({ name, in: location, schema }) => ({ name, in: location, schema }));
      expect(parameters, operation.operationId).toEqual([
        ...parametersOf(contract.request?.params, 'path'),
        ...parametersOf(contract.request?.query, 'query'),
      ]);
      const body = operation.requestBody?.content['application/json']?.schema;
      expect(body, operation.operationId).toEqual(
        contract.request?.body === undefined ? undefined : jsonSchema(contract.request.body, 'input'),
      );
      const success = operation.responses[String(contract.response.status)];
      expect(success?.description, operation.operationId).toBe(contract.response.description);
      expect(success?.content?.['application/json']?.schema, operation.operationId).toEqual(
        contract.response.schema === undefined ? undefined : jsonSchema(contract.response.schema, 'output'),
      );
    }
    expect((document.components['schemas'] as Record<string, unknown>)['Problem']).toEqual(jsonSchema(problemSchema, 'output'));
  });

  it('notices a route whose schema is a copy of the contract’s rather than the contract’s (the check can fail)', () => {
    const route = allRoutes.find((candidate) => candidate.schemas.response !== undefined);
    if (route === undefined) throw new Error('assertion: a route answers JSON');
    const copied: Route = { ...route, schemas: { ...route.schemas, response: z.strictObject({}) } };
    expect(mismatches([copied])).toEqual([`${route.operationId}: response`]);
  });
});
