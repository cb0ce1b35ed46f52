// The service's one error type, its codes, and the problem+json (RFC 9457) bodies they become.
import {
  apiErrors,
  ledgerRejectionStatusDefault,
  ledgerRejectionStatuses,
  type ApiErrorCode,
  type ErrorDescription,
  type FieldProblem,
  type ProblemCode,
  type ProblemView,
} from '@linli/contract';
import { isRejectionCode, type RejectionCode } from '@linli/ledger';

// The codes and their statuses are the contract's (@linli/contract `problem-codes.ts`).
export {
  apiErrorCodes,
  apiErrors,
  ledgerRejectionStatusDefault,
  ledgerRejectionStatuses,
  type ApiErrorCode,
  type ErrorDescription,
} from '@linli/contract';

/** One problem with one field of the request, in a validation failure (the contract's `fieldProblemSchema`). */
export type { FieldProblem } from '@linli/contract';

/**
 * Refusals that say "not now" rather than "no": retried later, the same request may succeed. They
 * are never stored as an Idempotency-Key's answer (routing.ts), so the retry with the same key runs
 * afresh. Every 429 and 5xx is one; these 409s are too: another request holds what this one needs.
 */
const transientConflicts: ReadonlySet<string> = new Set<ApiErrorCode>(['idempotency_key_in_flight']);

export function isTransientProblem(problem: { status: number; code: string }): boolean {
  return problem.status === 429 || problem.status >= 500 || transientConflicts.has(problem.code);
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

/** The body of every error response (RFC 9457, plus `code`, `requestId` and `errors`): the contract's `problemSchema`. */
export type Problem = ProblemView;

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

export function buildProblem(
  code: ProblemCode,
  description: ErrorDescription,
  detail: string | undefined,
  context: ProblemContext,
  errors?: readonly FieldProblem[],
): Problem {
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
