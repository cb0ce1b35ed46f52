// The route registry: each route file defines one route (method, path, access, schemas, handler);
// `mountRoutes` wires them into express and `openapi.ts` documents them from the same definitions.
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { authenticate } from './auth/authenticate.js';
import { passwordChangeRequired } from './auth/password-change-required.js';
import { assertRole, type Access, type Principal } from './auth/roles.js';
import type { Deps } from './deps.js';
import { ApiError } from './http-errors.js';
import { claimIdempotencyKey, completeIdempotencyKey, hashRequest, idempotencyKeyPattern, releaseIdempotencyKey, type IdempotencyScope } from './idempotency/idempotency-keys.js';
import { problemForRefusal, sendJson, sendProblem } from './problems.js';
import { emptyObject, parseRequestPart } from './validation.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteContext<A extends Access, Body, Query, Params> {
  deps: Deps;
  body: Body;
  query: Query;
  params: Params;
  /** The caller, from the verified access token; absent on public routes. */
  principal: A extends 'public' ? undefined : Principal;
  requestId: string;
  /** The client's address (after `trust proxy`), for rate limits and logs. */
  address: string;
  /** The request's Idempotency-Key on idempotent routes, for deriving ledger transaction ids. */
  idempotencyKey: string | undefined;
}

export interface RouteSpec<A extends Access, B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType> {
  /** Unique, camelCase; the OpenAPI operationId. */
  operationId: string;
  method: HttpMethod;
  /** Express path syntax: `/api/v1/households/:code`. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  /**
   * A POST that writes: it needs an `Idempotency-Key` header, and a repeat with the same key and
   * body gets the first response again.
   */
  idempotent?: boolean;
  request?: { body?: B; query?: Q; params?: P };
  /** The success response; `schema` is absent for 204. */
  response: { status: 200 | 201 | 204; description: string; schema?: R };
  handler(context: RouteContext<A, z.output<B>, z.output<Q>, z.output<P>>): Promise<z.input<R>>;
}

/** A route with its types erased, as the registry, express and OpenAPI see it. */
export interface Route {
  operationId: string;
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  idempotent: boolean;
  schemas: { body: z.ZodType | undefined; query: z.ZodType; params: z.ZodType; response: z.ZodType | undefined };
  responseStatus: 200 | 201 | 204;
  responseDescription: string;
  handle(deps: Deps, request: Request, response: Response): Promise<void>;
}

interface ParsedRequest<B, Q, P> {
  body: B;
  query: Q;
  params: P;
}

/**
 * Defines a route. Body, query and params are parsed with their schemas (unknown fields are
 * refused: the schemas are strict objects); a route without a query or params schema accepts
 * none. The handler's result is checked against the response schema, so the OpenAPI document
 * cannot drift from what is sent; a mismatch is a programmer error (500).
 */
export function defineRoute<const A extends Access, B extends z.ZodType = z.ZodVoid, Q extends z.ZodType = typeof emptyObject, P extends z.ZodType = typeof emptyObject, R extends z.ZodType = z.ZodVoid>(spec: RouteSpec<A, B, Q, P, R>): Route {
  const bodySchema = spec.request?.body;
  const querySchema: z.ZodType = spec.request?.query ?? emptyObject;
  const paramsSchema: z.ZodType = spec.request?.params ?? emptyObject;
  const responseSchema = spec.response.schema;
  const routeName = `${spec.method.toUpperCase()} ${spec.path}`;

  const parse = (request: Request): ParsedRequest<z.output<B>, z.output<Q>, z.output<P>> => {
    const params = parseRequestPart(paramsSchema, { ...request.params }, 'params') as z.output<P>;
    const query = parseRequestPart(querySchema, { ...(request.query as Record<string, unknown>) }, 'query') as z.output<Q>;
    if (bodySchema === undefined) return { body: undefined as z.output<B>, query, params };
    // `is` answers null when there is no body, false when the body is of another type.
    if (request.is('application/json') === false) throw new ApiError('unsupported_media_type');
    return { body: parseRequestPart(bodySchema, request.body, 'body') as z.output<B>, query, params };
  };

  const run = async (context: RouteContext<A, z.output<B>, z.output<Q>, z.output<P>>): Promise<unknown> => {
    const result: unknown = await spec.handler(context);
    if (responseSchema !== undefined) {
      const checked = responseSchema.safeParse(result);
      if (!checked.success) throw new Error(`${routeName}: the response does not match its schema: ${checked.error.message.slice(0, 2_000)}`);
    }
    return result;
  };

  const handle = async (deps: Deps, request: Request, response: Response): Promise<void> => {
    const principal = response.locals.principal;
    if (spec.access !== 'public') {
      if (principal === undefined) throw new ApiError('unauthenticated');
      assertRole(principal, spec.access);
    }
    const idempotencyKey = spec.idempotent === true ? readIdempotencyKey(request) : undefined;
    const parsed = parse(request);
    const context = {
      deps,
      ...parsed,
      principal: (spec.access === 'public' ? undefined : principal) as RouteContext<A, unknown, unknown, unknown>['principal'],
      requestId: response.locals.requestId,
      address: request.ip ?? request.socket.remoteAddress ?? 'unknown',
      idempotencyKey,
    };
    if (idempotencyKey === undefined || principal === undefined) {
      sendJson(response, spec.response.status, await run(context));
      return;
    }
    const scope: IdempotencyScope = { community: principal.community, userId: principal.userId, key: idempotencyKey };
    const hash = hashRequest(routeName, { params: request.params, query: request.query, body: request.body as unknown });
    const claim = await claimIdempotencyKey(deps.knex, scope, { route: routeName, hash }, deps.now());
    if (claim.kind === 'in_flight') throw new ApiError('idempotency_key_in_flight', { headers: { 'Retry-After': '1' } });
    if (claim.kind === 'reused') throw new ApiError('idempotency_key_reused');
    if (claim.kind === 'replay') {
      response.setHeader('Idempotent-Replayed', 'true');
      sendJson(response, claim.response.status, claim.response.body);
      return;
    }
    let result: unknown;
    try {
      result = await run(context);
    } catch (error) {
      // Refusals are answers too: a retry gets the same one. Anything else frees the key.
      const refusal = problemForRefusal(error, { requestId: context.requestId, path: request.path });
      if (refusal === undefined) {
        await releaseIdempotencyKey(deps.knex, scope);
        throw error;
      }
      await completeIdempotencyKey(deps.knex, scope, { status: refusal.problem.status, body: refusal.problem }, deps.now());
      sendProblem(response, refusal);
      return;
    }
    await completeIdempotencyKey(deps.knex, scope, { status: spec.response.status, body: result }, deps.now());
    sendJson(response, spec.response.status, result);
  };

  return {
    operationId: spec.operationId,
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tag: spec.tag,
    access: spec.access,
    idempotent: spec.idempotent === true,
    schemas: { body: bodySchema, query: querySchema, params: paramsSchema, response: responseSchema },
    responseStatus: spec.response.status,
    responseDescription: spec.response.description,
    handle,
  };
}

function readIdempotencyKey(request: Request): string {
  const key = request.get('idempotency-key');
  if (key === undefined || key === '') throw new ApiError('idempotency_key_required');
  if (!idempotencyKeyPattern.test(key)) {
    throw new ApiError('idempotency_key_invalid', { errors: [{ in: 'header', pointer: '/Idempotency-Key', detail: '1 to 128 visible ASCII characters' }] });
  }
  return key;
}

/** Mounts every route on the app: authentication for non-public routes, then the route itself. */
export function mountRoutes(app: Express, routes: readonly Route[], deps: Deps): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const name = `${route.method} ${route.path}`;
    if (seen.has(name) || seen.has(route.operationId)) throw new Error(`route defined twice: ${name} (${route.operationId})`);
    seen.add(name);
    seen.add(route.operationId);
    const handlers: RequestHandler[] = [];
    if (route.access !== 'public') handlers.push(authenticate(deps.accessTokens), passwordChangeRequired(deps, route));
    handlers.push((request: Request, response: Response, _next: NextFunction) => route.handle(deps, request, response));
    app[route.method](route.path, ...handlers);
  }
}
