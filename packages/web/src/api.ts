// Talking to the api: JSON requests with the access token, problem+json refusals as ApiProblem,
// one silent token renewal on expiry, Idempotency-Key on writing POSTs, and file downloads.
import { isProblemCode, type FieldProblem, type ProblemCode } from '@linli/contract';

export type { FieldProblem, ProblemCode };

/**
 * The code of an ApiProblem: one of the contract's problem codes, `network_error` when the service
 * could not be reached, or `http_<status>` for an answer without a code this client knows (a
 * gateway's page, or a service newer than this page).
 */
export type ClientProblemCode = ProblemCode | 'network_error' | `http_${number}`;

/** A refusal from the api (problem+json), or a network failure (`code: network_error`). */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';

  constructor(
    readonly status: number,
    readonly code: ClientProblemCode,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: readonly FieldProblem[],
    /** The request's path, so a missing route can be told from a missing record. */
    readonly path: string,
  ) {
    super(`${code}: ${title}`);
  }
}

/**
 * True when no route answers the request at all: the api's catch-all 404 has its own code,
 * `route_not_found`. Pages use it to show "not available yet" for parts of the service that are
 * still being built, while a 404 about a record (`not_found`: a household code nobody has) stays
 * an ordinary error.
 */
export function isRouteMissing(error: unknown): boolean {
  return error instanceof ApiProblem && error.code === 'route_not_found';
}

/**
 * True when the service did not answer: no connection, or a gateway or the service saying it is
 * down (502, 503, 504). A refusal from the service itself is another matter.
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiProblem && (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);
}

/** What the session module lends the client: the current token and a way to renew it once. */
export interface AuthHooks {
  accessToken(): string | undefined;
  /** Renews the access token with the refresh token; false when the session is over. */
  renew(): Promise<boolean>;
  /** The session ended (renewal refused): the shell sends the user to the login page. */
  ended(): void;
}

let reachable = true;
const reachabilityListeners = new Set<() => void>();

/** False since a request found no connection to the service, until one gets an answer again. */
export function serviceReachable(): boolean {
  return reachable;
}

/** Called when requests start or stop reaching the service (the shell's offline notice). */
export function onReachabilityChange(listener: () => void): void {
  reachabilityListeners.add(listener);
}

function setReachable(now: boolean): void {
  if (now === reachable) return;
  reachable = now;
  for (const listener of reachabilityListeners) listener();
}

let auth: AuthHooks = { accessToken: () => undefined, renew: async () => false, ended: () => undefined };

export function setAuthHooks(hooks: AuthHooks): void {
  auth = hooks;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** A body sent as it is, not as JSON (a CSV file): its media type and text, or a file's bytes. */
  text?: { contentType: string; content: string | Blob };
  /** Writing POSTs send one; the same key again when the user retries the same submission. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Login and refresh go without a token. */
  anonymous?: boolean;
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = options.anonymous === true ? undefined : auth.accessToken();
  if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.text !== undefined) headers['Content-Type'] = options.text.contentType;
  if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
  const init: RequestInit = { method: options.method ?? 'GET', headers, credentials: 'same-origin', cache: 'no-store' };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  if (options.text !== undefined) init.body = options.text.content;
  if (options.signal !== undefined) init.signal = options.signal;
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    setReachable(false);
    throw new ApiProblem(0, 'network_error', 'The service could not be reached', undefined, [], path);
  }
  setReachable(true);
  return response;
}

async function problemFrom(response: Response, path: string): Promise<ApiProblem> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const errors = Array.isArray(record['errors']) ? (record['errors'] as FieldProblem[]) : [];
  const code = record['code'];
  return new ApiProblem(
    response.status,
    isProblemCode(code) ? code : `http_${response.status}`,
    text(record['title']) ?? response.statusText,
    text(record['detail']),
    errors,
    path,
  );
}

/**
 * Sends a request; on a 401, renews the token once and sends again. Any 401 to a request with a
 * token means that token no longer opens the session, whatever its code (`token_expired`, or a
 * session ended elsewhere): when renewal is refused too, or the renewed token is refused, the
 * session ends and the person logs in again. Refusals throw ApiProblem.
 */
async function exchange(path: string, options: RequestOptions, accept: string): Promise<Response> {
  let response = await send(path, options, accept);
  if (response.status === 401 && options.anonymous !== true) {
    const problem = await problemFrom(response, path);
    if (!(await auth.renew())) {
      auth.ended();
      throw problem;
    }
    response = await send(path, options, accept);
    if (response.status === 401) {
      auth.ended();
      throw await problemFrom(response, path);
    }
  }
  if (!response.ok) throw await problemFrom(response, path);
  return response;
}

/** A JSON request; resolves to the parsed body (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await exchange(path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export interface Download {
  blob: Blob;
  filename: string;
}

/** A file from the api (a CSV, a journal, a certificate), with the name its Content-Disposition gives. */
export async function apiDownload(path: string, fallbackName: string, signal?: AbortSignal): Promise<Download> {
  const response = await exchange(path, signal === undefined ? {} : { signal }, '*/*');
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const encoded = match?.[1];
  const filename = encoded !== undefined ? decodeURIComponent(encoded) : (match?.[2] ?? fallbackName);
  return { blob: await response.blob(), filename };
}

/** A random v4 UUID; `crypto.randomUUID` exists only on https or localhost, getRandomValues everywhere. */
export function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The Idempotency-Key of one form: the same key while the user sends the same body again (a
 * retry after a network failure is then applied once), a new key when they change what they send.
 */
export class IdempotentSubmission {
  private body: string | undefined;
  private key: string | undefined;

  keyFor(body: unknown): string {
    const text = JSON.stringify(body);
    if (this.key === undefined || text !== this.body) {
      this.key = randomKey();
      this.body = text;
    }
    return this.key;
  }

  /** After a success: the next submission is a new one. */
  reset(): void {
    this.key = undefined;
    this.body = undefined;
  }
}

/** Builds a path with a query string, leaving out empty values. */
export function withQuery(path: string, query: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, value);
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}
