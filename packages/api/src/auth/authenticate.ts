// The middleware that turns `Authorization: Bearer <token>` into the request's principal.
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../http-errors.js';
import type { AccessTokens } from './access-tokens.js';

export function authenticate(tokens: AccessTokens) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const header = request.get('authorization');
    if (header === undefined || header === '') throw new ApiError('unauthenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (match === null || match[1] === undefined) throw new ApiError('invalid_token', { headers: { 'WWW-Authenticate': 'Bearer error="invalid_request"' } });
    response.locals.principal = tokens.verify(match[1]);
    next();
  };
}
