// The service's one error type, its codes, and the problem+json (RFC 9457) bodies they become.
import { isRejectionCode, type RejectionCode } from '@linli/ledger';

/**
 * Every code the service answers with, besides the ledger's own rejection codes. Adding a code
 * here without a row in `apiErrors` below fails to compile.
 */
export const apiErrorCodes = [
  'bad_request',
  'validation_failed',
  'malformed_json',
  'invalid_utf8',
  'payload_too_large',
  'request_head_too_large',
  'request_timeout',
  'unsupported_media_type',
  'idempotency_key_required',
  'idempotency_key_invalid',
  'unauthenticated',
  'invalid_token',
  'token_expired',
  'session_ended',
  'invalid_credentials',
  'refresh_token_invalid',
  'refresh_token_reused',
  'forbidden',
  'account_disabled',
  'demo_account_disabled',
  'current_password_wrong',
  'not_found',
  'username_taken',
  'self_change_refused',
  'idempotency_key_in_flight',
  'idempotency_key_reused',
  'rate_limited',
  'internal_error',
  'not_ready',
  // The charity supermarket, funds and imports.
  'already_exists',
  'limit_reached',
  'item_not_in_catalogue',
  'quota_exceeded',
  'points_insufficient',
  'points_mismatch',
  'redemption_not_eligible',
  'stock_count_state_invalid',
  'csv_malformed',
  'import_too_large',
  'import_invalid',
  // Service needs and assignments.
  'need_not_open',
  'need_full',
  'not_a_volunteer',
  'assignment_not_proposed',
  'assignment_not_accepted',
  'assignment_not_checked_in',
  'assignment_not_checked_out',
  'assignment_not_cancellable',
  'hours_exceed_hold',
  'volunteer_not_eligible',
  // Passwords chosen by their holder, and one-time passwords that must be changed first.
  'password_change_required',
  'password_too_weak',
  // The platform, password resets and applications to join.
  'community_taken',
  'application_not_pending',
] as const;

export type ApiErrorCode = (typeof apiErrorCodes)[number];

export interface ErrorDescription {
  status: number;
  title: string;
}

/** The one table from code to HTTP status and a short, fixed title. */
export const apiErrors: Readonly<Record<ApiErrorCode, ErrorDescription>> = {
  bad_request: { status: 400, title: 'The request could not be understood' },
  validation_failed: { status: 400, title: 'The request has invalid fields' },
  malformed_json: { status: 400, title: 'The body is not valid JSON' },
  invalid_utf8: { status: 400, title: 'The body is not valid UTF-8' },
  payload_too_large: { status: 413, title: 'The body is too large' },
  request_head_too_large: { status: 431, title: 'The request line and headers are too large' },
  request_timeout: { status: 408, title: 'The request took too long to arrive' },
  unsupported_media_type: { status: 415, title: 'The body must be application/json in UTF-8' },
  idempotency_key_required: { status: 400, title: 'This request needs an Idempotency-Key header' },
  idempotency_key_invalid: { status: 400, title: 'The Idempotency-Key header is not valid' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  invalid_token: { status: 401, title: 'The access token is not valid' },
  token_expired: { status: 401, title: 'The access token has expired' },
  session_ended: { status: 401, title: 'The session has ended; log in again' },
  invalid_credentials: { status: 401, title: 'The community, username or password is wrong' },
  refresh_token_invalid: { status: 401, title: 'The refresh token is not valid' },
  refresh_token_reused: { status: 401, title: 'The refresh token was already used; its session is revoked' },
  forbidden: { status: 403, title: 'Your role may not do this' },
  account_disabled: { status: 403, title: 'This account is disabled' },
  demo_account_disabled: { status: 403, title: 'Demo accounts can log in only in demo mode' },
  current_password_wrong: { status: 403, title: 'The current password is wrong' },
  not_found: { status: 404, title: 'Not found' },
  username_taken: { status: 409, title: 'The username is already taken in this community' },
  community_taken: { status: 409, title: 'The community code is taken' },
  application_not_pending: { status: 409, title: 'The application was decided already' },
  self_change_refused: { status: 409, title: 'You may not change your own role or disable yourself' },
  idempotency_key_in_flight: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used with a different request' },
  rate_limited: { status: 429, title: 'Too many attempts; try again later' },
  internal_error: { status: 500, title: 'Internal error' },
  not_ready: { status: 503, title: 'The service is not ready' },
  already_exists: { status: 409, title: 'It exists already, with other details' },
  limit_reached: { status: 422, title: 'A named maximum would be exceeded' },
  item_not_in_catalogue: { status: 422, title: 'The item is not in the catalogue' },
  quota_exceeded: { status: 422, title: 'The household’s monthly quota for an item would be exceeded' },
  points_insufficient: { status: 422, title: 'The household has too few love points' },
  points_mismatch: { status: 422, title: 'The points given differ from what the redemption rules charge' },
  redemption_not_eligible: { status: 422, title: 'The hour redemption rule does not allow this' },
  stock_count_state_invalid: { status: 409, title: 'The stock count is not in the state this step needs' },
  csv_malformed: { status: 400, title: 'The CSV file cannot be read as a table' },
  import_too_large: { status: 413, title: 'The file has too many rows' },
  import_invalid: { status: 422, title: 'The file has problems; nothing was imported' },
  need_not_open: { status: 409, title: 'The need is not open' },
  need_full: { status: 409, title: 'Every slot of the need is taken' },
  not_a_volunteer: { status: 409, title: 'You have no volunteer profile yet' },
  assignment_not_proposed: { status: 409, title: 'The assignment is not a proposal any more' },
  assignment_not_accepted: { status: 409, title: 'The assignment is not accepted' },
  assignment_not_checked_in: { status: 409, title: 'The volunteer has not checked in' },
  assignment_not_checked_out: { status: 409, title: 'The volunteer has not checked out' },
  assignment_not_cancellable: { status: 409, title: 'The assignment is finished and cannot be cancelled' },
  hours_exceed_hold: { status: 422, title: 'More hours than were held for the assignment' },
  volunteer_not_eligible: { status: 409, title: 'You do not meet a rule of this need now' },
  password_change_required: { status: 403, title: 'Change your password first' },
  password_too_weak: { status: 422, title: 'The new password is too weak' },
};

/**
 * Refusals that say "not now" rather than "no": retried later, the same request may succeed. They
 * are never stored as an Idempotency-Key's answer (routing.ts), so the retry with the same key runs
 * afresh. Every 429 and 5xx is one; these 409s are too: another request holds what this one needs.
 */
const transientConflicts: ReadonlySet<string> = new Set<ApiErrorCode>(['idempotency_key_in_flight']);

export function isTransientProblem(problem: { status: number; code: string }): boolean {
  return problem.status === 429 || problem.status >= 500 || transientConflicts.has(problem.code);
}

/** One problem with one field of the request, in a validation failure. */
export interface FieldProblem {
  /** Which part of the request: `body`, `query`, `params` or `header`. */
  in: 'body' | 'query' | 'params' | 'header';
  /** A JSON Pointer (RFC 6901) into that part: `/household/phone`. */
  pointer: string;
  detail: string;
  /** A stable snake_case code for the problem, where the field's problems have one (a CSV file's). */
  code?: string;
  /** For a field holding a file (CSV): the file's line, from 1. */
  line?: number;
}

export interface ApiErrorOptions {
  detail?: string | undefined;
  errors?: readonly FieldProblem[] | undefined;
  /** Response headers such as `Retry-After` or `WWW-Authenticate`. */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** An expected refusal, answered with a problem+json; anything else thrown is a 500. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly detail: string | undefined;
  readonly errors: readonly FieldProblem[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ApiErrorCode,
    options: ApiErrorOptions = {},
  ) {
    super(options.detail === undefined ? code : `${code}: ${options.detail}`);
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return apiErrors[this.code].status;
  }
}

/** The body of every error response (RFC 9457, plus `code`, `requestId` and `errors`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId: string;
  errors?: FieldProblem[];
}

export const problemContentType = 'application/problem+json';

/**
 * Problem type URIs are stable identifiers, not links: `urn:linli:problem:<code>`. RFC 9457 allows
 * a non-dereferenceable URI; clients switch on `code`.
 */
export function problemType(code: string): string {
  return `urn:linli:problem:${code}`;
}

export interface ProblemContext {
  requestId: string;
  /** The request's path, reported as `instance`; the query is left out (it may hold search terms). */
  path: string;
}

export function problemFromApiError(error: ApiError, context: ProblemContext): Problem {
  const description = apiErrors[error.code];
  return buildProblem(error.code, description, error.detail, context, error.errors);
}

export function buildProblem(code: string, description: ErrorDescription, detail: string | undefined, context: ProblemContext, errors?: readonly FieldProblem[]): Problem {
  const problem: Problem = {
    type: problemType(code),
    title: description.title,
    status: description.status,
    code,
    requestId: context.requestId,
    instance: context.path,
  };
  if (detail !== undefined) problem.detail = detail;
  if (errors !== undefined) problem.errors = [...errors];
  return problem;
}

// Ledger rejections -----------------------------------------------------------------------------

/**
 * HTTP status for each ledger rejection code whose status is not 422. A rejection is an expected
 * refusal of a well-formed request ("the books say no"), so 422 is the default; "not found" codes
 * answer 404 and a reused transaction id 409. Keyed by the ledger's own `RejectionCode`, so a
 * misspelt code fails to compile; add a row when a code deserves another status.
 */
export const ledgerRejectionStatuses: Readonly<Partial<Record<RejectionCode, number>>> = {
  community_not_found: 404,
  account_not_found: 404,
  transaction_not_found: 404,
  hold_not_found: 404,
  id_reused_with_different_body: 409,
};

export const ledgerRejectionStatusDefault = 422;

export function ledgerRejectionStatus(code: RejectionCode): number {
  return ledgerRejectionStatuses[code] ?? ledgerRejectionStatusDefault;
}

/** A ledger rejection as thrown by `@linli/ledger` (`LedgerRejection`: a name, a code, a detail). */
export interface LedgerRejectionLike {
  name: 'LedgerRejection';
  code: RejectionCode;
  detail: string;
}

/**
 * Recognises the ledger's rejection by its name and a known code rather than `instanceof`, so
 * that two copies of the ledger module (sources under tests, the build at run time) both count.
 */
export function isLedgerRejection(error: unknown): error is LedgerRejectionLike {
  if (!(error instanceof Error) || error.name !== 'LedgerRejection') return false;
  const { code, detail } = error as Error & { code?: unknown; detail?: unknown };
  return isRejectionCode(code) && typeof detail === 'string';
}

export function problemFromLedgerRejection(rejection: LedgerRejectionLike, context: ProblemContext): Problem {
  const description = { status: ledgerRejectionStatus(rejection.code), title: 'The ledger refused the request' };
  return buildProblem(rejection.code, description, rejection.detail.slice(0, 500), context);
}
