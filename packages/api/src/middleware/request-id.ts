// Request ids: accept a sane `X-Request-Id` from the caller (a proxy, a client), else make one; echo it.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Short and plain, so it is safe in logs and headers: letters, digits and `._:-`, at most 64. */
const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestId() {
  return (request: Request, response: Response, next: NextFunction): void => {
    const offered = request.get('x-request-id');
    const id = offered !== undefined && requestIdPattern.test(offered) ? offered : randomUUID();
    response.locals.requestId = id;
    // pino-http reads `request.id` for its log lines.
    request.id = id;
    response.setHeader('X-Request-Id', id);
    next();
  };
}
