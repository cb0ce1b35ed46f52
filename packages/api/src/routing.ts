// The route registry: each route file defines one route (method, path, access, schemas, handler);
// `mountRoutes` wires them into express and `openapi.ts` documents them from the same definitions.
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { authenticate, sessionEnded } from './auth/authenticate.js';
import { checkSession, checkSessionLocked } from './auth/session-check.js';
import { passwordChangeRequired } from './auth/password-change-required.js';
import { assertRole, type Access, type Principal } from './auth/roles.js';
import { bindDeps, type Deps } from './deps.js';
import { ApiError, isTransientProblem } from './http-errors.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  hashRequest,
  idempotencyKeyPattern,
  releaseIdempotencyKey,
  type Claim,
  type IdempotencyScope,
  type StoredResponse,
} from './idempotency/idempotency-keys.js';
import { problemForRefusal, sendJson, sendProblem, type ProblemReply } from './problems.js';
import { inRequestTransaction } from './request-transaction.js';
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
  /**
   * An idempotent route whose work cannot be one database transaction (it writes in two
   * communities' books, step by step, each step keyed by the Idempotency-Key): its key is claimed
   * with a lease and a retry after the lease resumes the steps. Every other writing route runs in
   * one transaction with its key.
   */
  resumable?: boolean;
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
  resumable: boolean;
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
export function defineRoute<
  const A extends Access,
  B extends z.ZodType = z.ZodVoid,
  Q extends z.ZodType = typeof emptyObject,
  P extends z.ZodType = typeof emptyObject,
  R extends z.ZodType = z.ZodVoid,
>(spec: RouteSpec<A, B, Q, P, R>): Route {
  const bodySchema = spec.request?.body;
  const querySchema: z.ZodType = spec.request?.query ?? emptyObject;
  const paramsSchema: z.ZodType = spec.request?.params ?? emptyObject;
  const responseSchema = spec.response.schema;
  const routeName = `${spec.method.toUpperCase()} ${spec.path}`;

  const parse = (request: Request): ParsedRequest<z.output<B>, z.output<Q>, z.output<P>> => {
    const params = parseRequestPart(paramsSchema, { ...request.params }, 'params') as z.output<P>;
    const query = parseRequestPart(querySchema, { ...(request.query as Record<string, unknown>) }, 'query') as z.output<Q>;
    if (bodySchema === undefined) {
      // A route that takes no body refuses one rather than ignoring it: a client that sends a
      // body expects it to mean something, and an ignored one hides the client's mistake. An
      // empty JSON object says nothing, as the strict schemas elsewhere read it, and passes.
      if (hasBody(request) && !isEmptyJsonObject(request))
        throw new ApiError('validation_failed', {
          errors: [{ in: 'body', pointer: '', detail: 'this request takes no body (or an empty JSON object)' }],
        });
      return { body: undefined as z.output<B>, query, params };
    }
    // `is` answers null when there is no body, false when the body is of another type.
    if (request.is('application/json') === false) throw new ApiError('unsupported_media_type');
    return { body: parseRequestPart(bodySchema, request.body, 'body') as z.output<B>, query, params };
  };

  const run = async (context: RouteContext<A, z.output<B>, z.output<Q>, z.output<P>>): Promise<unknown> => {
    const result: unknown = await spec.handler(context);
    if (responseSchema !== undefined) {
      const checked = responseSchema.safeParse(result);
      if (!checked.success)
        throw new Error(`${routeName}: the response does not match its schema: ${checked.error.message.slice(0, 2_000)}`);
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
    // Reads and public routes (login counts its failures outside any transaction) run as they are.
    if (spec.method === 'get' || principal === undefined) {
      sendJson(response, spec.response.status, await run(context));
      return;
    }
    /**
     * The session check again, in the write's own transaction, locking the user's and the
     * session's rows until it commits: a role change, disabling or logout committing meanwhile is
     * waited for and seen, never passed by (auth/session-check.ts `checkSessionLocked`).
     */
    const confirmSession = async (transaction: Knex.Transaction): Promise<void> => {
      if (!(await checkSessionLocked(transaction, principal, { demo: deps.demo })).holds) throw sessionEnded();
    };
    // A write without a key (PATCH, PUT, DELETE): all of it or nothing.
    if (idempotencyKey === undefined) {
      const result = await inRequestTransaction(deps, async (transaction) => {
        await confirmSession(transaction);
        return run({ ...context, deps: bindDeps(deps, transaction) });
      });
      sendJson(response, spec.response.status, result);
      return;
    }
    const scope: IdempotencyScope = { community: principal.community, userId: principal.userId, key: idempotencyKey };
    const hash = hashRequest(routeName, { params: request.params, query: request.query, body: request.body as unknown });
    const problemContext = { requestId: context.requestId, path: request.path };
    const answer = spec.resumable === true ? await resumeOrRun(deps, scope, hash) : await runOnce(deps, scope, hash);
    if (answer.kind === 'claim') {
      const claim = answer.claim;
      if (claim.kind === 'in_flight')
        throw new ApiError('idempotency_key_in_flight', { headers: { 'Retry-After': String(claim.retryAfterSeconds) } });
      if (claim.kind === 'reused') throw new ApiError('idempotency_key_reused');
      if (claim.kind === 'replay') {
        response.setHeader('Idempotent-Replayed', 'true');
        sendJson(response, claim.response.status, claim.response.body);
        return;
      }
      throw new Error('assertion: a claimed key has an answer');
    }
    if (answer.kind === 'refusal') {
      sendProblem(response, answer.refusal);
      return;
    }
    sendJson(response, spec.response.status, answer.result);

    /**
     * The route's work, its key's claim and its stored answer in one database transaction. A
     * refusal is an answer too (a retry gets the same one): the work's writes are undone to a
     * savepoint, and the refusal is stored. Anything else rolls everything back, the key included.
     * The answer is stored by the transaction's last statement, sent with its COMMIT: the work
     * may have taken its community's journal lock, which every other write of the community
     * waits for until the COMMIT ends.
     */
    async function runOnce(base: Deps, key: IdempotencyScope, requestHash: Buffer): Promise<Answer> {
      return inRequestTransaction(base, async (transaction) => {
        await confirmSession(transaction);
        const claim = await claimIdempotencyKey(transaction, key, { route: routeName, hash: requestHash }, base.now());
        if (claim.kind !== 'claimed') return { kind: 'claim', claim };
        const answer = await attemptInSavepoint(transaction, () => run({ ...context, deps: bindDeps(base, transaction) }));
        await completeIdempotencyKey(transaction, key, stored(answer), base.now(), { last: transaction });
        return answer;
      });
    }

    /**
     * `attempt` after a savepoint that a refusal rolls back to. A result leaves the savepoint
     * as it is (the COMMIT ends it; releasing it first would be one more round trip while the
     * work's locks are held); any other failure rolls the whole transaction back.
     */
    async function attemptInSavepoint(transaction: Knex.Transaction, work: () => Promise<unknown>): Promise<Outcome> {
      await transaction.raw(`savepoint ${workSavepoint}`);
      const outcome = await attempt(work);
      if (outcome.kind === 'refusal') await transaction.raw(`rollback to savepoint ${workSavepoint}`);
      return outcome;
    }

    /**
     * A resumable route: the claim commits first, with a lease; the work commits step by step;
     * the answer is stored last. If the process dies in between, a retry after the lease takes
     * the claim over and runs the work again, which resumes where it stopped.
     */
    async function resumeOrRun(base: Deps, key: IdempotencyScope, requestHash: Buffer): Promise<Answer> {
      // The session is confirmed with the claim; the steps after it commit one by one.
      const claim = await inRequestTransaction(base, async (transaction) => {
        await confirmSession(transaction);
        return claimIdempotencyKey(transaction, key, { route: routeName, hash: requestHash }, base.now());
      });
      if (claim.kind !== 'claimed') return { kind: 'claim', claim };
      let answer: Answer;
      try {
        answer = await attempt(() => run({ ...context, deps: base }));
      } catch (error) {
        // Failed unexpectedly: free the key, so the client's retry runs at once (the steps done
        // are kept and found again). If even this fails, the lease frees it.
        await releaseIdempotencyKey(base.knex, key).catch(() => undefined);
        throw error;
      }
      await completeIdempotencyKey(base.knex, key, stored(answer), base.now());
      return answer;
    }

    /**
     * The work's result, or its refusal as the key's answer. A transient refusal (429, 5xx, a
     * "busy" 409: `isTransientProblem`) is thrown on like any failure: it is no answer to the
     * request, so the key is not completed with it (in one transaction it rolls back with
     * everything; a resumable route releases it) and the retry with the same key runs afresh.
     */
    async function attempt(work: () => Promise<unknown>): Promise<Outcome> {
      try {
        return { kind: 'result', result: await work() };
      } catch (error) {
        const refusal = problemForRefusal(error, problemContext);
        if (refusal === undefined || isTransientProblem(refusal.problem)) throw error;
        return { kind: 'refusal', refusal };
      }
    }

    function stored(answer: Outcome): StoredResponse {
      return answer.kind === 'refusal'
        ? { status: answer.refusal.problem.status, body: answer.refusal.problem }
        : { status: spec.response.status, body: answer.result };
    }
  };

  return {
    operationId: spec.operationId,
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tag: spec.tag,
    access: spec.access,
    idempotent: spec.idempotent === true,
    resumable: spec.resumable === true,
    schemas: { body: bodySchema, query: querySchema, params: paramsSchema, response: responseSchema },
    responseStatus: spec.response.status,
    responseDescription: spec.response.description,
    handle,
  };
}

/** The savepoint before a keyed request's work (`attemptInSavepoint`). */
const workSavepoint = 'linli_request_work';

/** What a writing request with a key comes to: its work's result or refusal, or what its key's claim found. */
type Outcome = { kind: 'result'; result: unknown } | { kind: 'refusal'; refusal: ProblemReply };
type Answer = Outcome | { kind: 'claim'; claim: Exclude<Claim, { kind: 'claimed' }> };

/**
 * Whether the request carries a body of one byte or more. A bodiless POST as browsers and curl
 * send it (`Content-Length: 0`, or no length at all) has none; a chunked body counts as one.
 */
function hasBody(request: Request): boolean {
  const length = request.get('content-length');
  return request.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

function isEmptyJsonObject(request: Request): boolean {
  const body: unknown = request.body;
  return (
    request.is('application/json') !== false &&
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).length === 0
  );
}

function readIdempotencyKey(request: Request): string {
  const key = request.get('idempotency-key');
  if (key === undefined || key === '') throw new ApiError('idempotency_key_required');
  if (!idempotencyKeyPattern.test(key)) {
    throw new ApiError('idempotency_key_invalid', {
      errors: [{ in: 'header', pointer: '/Idempotency-Key', detail: '1 to 128 visible ASCII characters' }],
    });
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
    if (route.access !== 'public')
      handlers.push(
        authenticate(deps.accessTokens, (principal) => checkSession(deps.knex, principal, { demo: deps.demo })),
        passwordChangeRequired(deps, route),
      );
    handlers.push((request: Request, response: Response, _next: NextFunction) => route.handle(deps, request, response));
    app[route.method](route.path, ...handlers);
  }
}
