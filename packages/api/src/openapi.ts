// The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with.
import { z } from 'zod';
import { problemContentType } from './http-errors.js';
import { defineRoute, type Route } from './routing.js';
import { openApiGet as contract, problemSchema } from '@linli/contract';

type JsonSchema = Record<string, unknown>;

/** A raw request body a route accepts besides JSON (see routes/csv-body.ts). */
export interface RawBody {
  mediaType: string;
  bytesMax: number;
  description: string;
}

/** A type alias, not an interface, so it is assignable to the route's loose response type. */
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, unknown>;
};

/** zod 4 writes JSON Schema draft 2020-12, which is OpenAPI 3.1's schema dialect. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `/api/v1/households/:code` → `/api/v1/households/{code}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: z.ZodType, location: 'path' | 'query'): unknown[] {
  const object = jsonSchema(schema, 'input');
  const properties = (object['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

const problemReference = { $ref: '#/components/schemas/Problem' };

function problemResponse(description: string) {
  return { description, content: { [problemContentType]: { schema: problemReference } } };
}

function operation(route: Route): Record<string, unknown> {
  const parameterList = [...parameters(route.schemas.params, 'path'), ...parameters(route.schemas.query, 'query')];
  if (route.idempotent) {
    parameterList.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description:
        'A client-chosen key (1–128 visible ASCII). A repeat with the same key and body gets the first response again, with `Idempotent-Replayed: true`.',
      schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7E]{1,128}$' },
    });
  }
  const success =
    route.schemas.response === undefined
      ? { description: route.responseDescription }
      : {
          description: route.responseDescription,
          content: { 'application/json': { schema: jsonSchema(route.schemas.response, 'output') } },
        };
  const responses: Record<string, unknown> = {
    [String(route.responseStatus)]: success,
    '400': problemResponse('invalid request (validation_failed, malformed_json, …)'),
  };
  if (route.access !== 'public') {
    responses['401'] = problemResponse('missing, invalid or expired access token');
    responses['403'] = problemResponse('the role may not do this');
  }
  if (route.path.includes(':')) responses['404'] = problemResponse('not found (or in another community)');
  if (route.idempotent) {
    responses['409'] = problemResponse('a request with this Idempotency-Key is in flight');
    responses['422'] = problemResponse('this Idempotency-Key was used with a different request');
  }
  responses['default'] = problemResponse('any other error, as problem+json');
  const result: Record<string, unknown> = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    'x-linli-roles': route.access === 'public' ? ['public'] : [...route.access],
    parameters: parameterList,
    responses,
  };
  if (route.schemas.body !== undefined) {
    const content: Record<string, unknown> = { 'application/json': { schema: jsonSchema(route.schemas.body, 'input') } };
    // A route that also takes a raw body (a CSV import) documents it beside the JSON form.
    const raw = (route as Route & { rawBody?: RawBody }).rawBody;
    if (raw !== undefined) content[raw.mediaType] = { schema: { type: 'string', maxLength: raw.bytesMax, description: raw.description } };
    result['requestBody'] = { required: true, content };
  }
  return result;
}

export function buildOpenApiDocument(routes: readonly Route[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Linli',
      version: '0.1.0',
      description: 'Community time bank and charity ledger. Errors are application/problem+json (RFC 9457) with a stable `code`.',
    },
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

/** GET /api/openapi.json, documenting the routes the thunk returns (itself included). */
export function openApiRoute(routes: () => readonly Route[]): Route {
  let document: OpenApiDocument | undefined;
  return defineRoute({
    operationId: 'openApiGet',
    method: contract.method,
    path: contract.path,
    summary: 'This OpenAPI document',
    tag: 'meta',
    access: 'public',
    response: contract.response,
    handler: async () => {
      document ??= buildOpenApiDocument(routes());
      return document;
    },
  });
}
