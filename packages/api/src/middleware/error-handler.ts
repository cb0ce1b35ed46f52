// The one error handler: refusals become their problem+json; body-parser's errors get codes; a
// database that cannot be reached is 503 not_ready with Retry-After; anything else is logged and
// answered with a 500 that says nothing of its cause.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { databaseRetryAfterSeconds, isDatabaseUnavailable } from '../database-unavailable.js';
import { ApiError, problemFromApiError, type ApiErrorCode } from '../http-errors.js';
import { problemForRefusal, sendProblem } from '../problems.js';

/** body-parser's error types (and ours from `verify`), and what they mean to a client. */
const bodyErrorCodes: Readonly<Record<string, ApiErrorCode>> = {
  'entity.too.large': 'payload_too_large',
  'entity.parse.failed': 'malformed_json',
  'linli.invalid_utf8': 'invalid_utf8',
  'charset.unsupported': 'unsupported_media_type',
  'encoding.unsupported': 'unsupported_media_type',
  'request.aborted': 'bad_request',
  'request.size.invalid': 'bad_request',
  'stream.encoding.set': 'bad_request',
};

export function errorHandler(logger: Logger) {
  return (error: unknown, request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const context = { requestId: response.locals.requestId, path: request.originalUrl.split('?')[0] ?? '/' };
    // Decided here, not in `problemForRefusal`: an outage is no answer to the request, so the
    // Idempotency-Key is released and a retry runs the request again once the database is back.
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, requestId: context.requestId }, 'the database cannot be reached');
      const unavailable = new ApiError('not_ready', {
        detail: 'the database cannot be reached; try again shortly',
        headers: { 'Retry-After': String(databaseRetryAfterSeconds) },
      });
      sendProblem(response, { problem: problemFromApiError(unavailable, context), headers: unavailable.headers });
      return;
    }
    const refusal = problemForRefusal(translate(error), context);
    if (refusal !== undefined) {
      sendProblem(response, refusal);
      return;
    }
    logger.error({ err: error, requestId: context.requestId }, 'request failed');
    sendProblem(response, { problem: problemFromApiError(new ApiError('internal_error'), context), headers: {} });
  };
}

/** Errors from express and body-parser carry a `type` or a 4xx `status`; they are refusals too. */
function translate(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || error instanceof ApiError) return error;
  // The router decodes path parameters before any handler runs; a malformed percent-encoding
  // (`/households/%E0%A4%A`) is the client's mistake, though the router marks it only with a status.
  if (error instanceof URIError) return new ApiError('bad_request', { detail: 'the path is not valid percent-encoding' });
  const { type, status, expose } = error as { type?: unknown; status?: unknown; expose?: unknown };
  if (typeof type === 'string' && bodyErrorCodes[type] !== undefined) return new ApiError(bodyErrorCodes[type]);
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true)
    return new ApiError(status === 404 ? 'not_found' : 'bad_request');
  return error;
}
