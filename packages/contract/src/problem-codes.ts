// Every problem code the api answers with, and the one typed table from code to HTTP status:
// a new code without a status fails to compile. The web switches on these codes, never on text.

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
  'route_not_found',
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
  route_not_found: { status: 404, title: 'No route answers this method and path' },
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

// Ledger rejections -----------------------------------------------------------------------------

/**
 * The ledger's rejection codes (`rejectionCodes` of @linli/ledger), repeated here because the
 * ledger package runs on node and this contract must load in a browser. A test in the api fails
 * when the two lists differ.
 */
export const ledgerRejectionCodes = [
  // Batches.
  'batch_empty',
  'batch_too_large',
  'page_size_invalid',
  'cursor_invalid',
  // The input itself: identifiers and descriptive fields.
  'id_invalid',
  'kind_invalid',
  'actor_invalid',
  'name_invalid',
  'memo_invalid',
  'memo_too_long',
  'metadata_invalid',
  'metadata_too_large',
  'effective_at_invalid',
  'expires_at_invalid',
  // Postings.
  'postings_too_few',
  'postings_too_many',
  'account_id_invalid',
  'account_repeated',
  'unit_not_found',
  'amount_invalid',
  'amount_must_not_be_zero',
  'amount_must_be_positive',
  'amount_scale_exceeded',
  'amount_exceeds_maximum',
  'unbalanced',
  'accounts_must_differ',
  // The state of the books (checked by the store under the community's write lock).
  'community_not_found',
  'id_reused_with_different_body',
  'account_not_found',
  'unit_mismatch',
  'account_frozen',
  'account_closed',
  'transaction_not_found',
  'reversal_not_reversible',
  'already_reversed',
  'reversal_exceeds_original',
  'hold_not_found',
  'hold_not_pending',
  'hold_expired',
  'amount_exceeds_hold',
  'exceeds_lower_limit',
  'exceeds_floor',
  'exceeds_upper_limit',
  'account_not_empty',
] as const;

export type LedgerRejectionCode = (typeof ledgerRejectionCodes)[number];

/**
 * HTTP status for each ledger rejection code whose status is not 422. A rejection is an expected
 * refusal of a well-formed request ("the books say no"), so 422 is the default; "not found" codes
 * answer 404 and a reused transaction id 409. Keyed by the ledger's codes, so a
 * misspelt code fails to compile; add a row when a code deserves another status.
 */
export const ledgerRejectionStatuses: Readonly<Partial<Record<LedgerRejectionCode, number>>> = {
  community_not_found: 404,
  account_not_found: 404,
  transaction_not_found: 404,
  hold_not_found: 404,
  id_reused_with_different_body: 409,
};

export const ledgerRejectionStatusDefault = 422;

/** Every `code` a problem+json answer can carry. */
export const problemCodes = [...apiErrorCodes, ...ledgerRejectionCodes] as const;
export type ProblemCode = (typeof problemCodes)[number];

/** The HTTP status a problem with this code is answered with. */
export function problemStatus(code: ProblemCode): number {
  return (
    (apiErrors as Readonly<Record<string, ErrorDescription>>)[code]?.status ??
    ledgerRejectionStatuses[code as LedgerRejectionCode] ??
    ledgerRejectionStatusDefault
  );
}

const problemCodeSet: ReadonlySet<string> = new Set<string>(problemCodes);

/** True for a code of this contract; a client treats any other as an unknown refusal. */
export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && problemCodeSet.has(code);
}
