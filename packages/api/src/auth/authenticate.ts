// The middleware that turns `Authorization: Bearer <token>` into the request's principal, once the
// token's signature holds and the database says its session still does.
import type { NextFunction, Request, Response } from 'express';
import type { Principal } from './roles.js';
import { ApiError } from '../http-errors.js';
import type { AccessTokens } from './access-tokens.js';
import type { SessionState } from './session-check.js';

/** The refusal of a token whose session no longer holds. */
export function sessionEnded(): ApiError {
  return new ApiError('session_ended', {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="session ended"' },
  });
}

/**
 * Asks whether a verified token's session still holds (`checkSession` on the database), and
 * whether its user must change their password first (kept for the gate, password-change-required.ts).
 */
export type SessionCheck = (principal: Principal) => Promise<SessionState>;

/**
 * Refusals: `unauthenticated` (no header), `invalid_token` (malformed, badly signed, wrong
 * claims), `token_expired`, and `session_ended` when the account's role, password or enabled
 * state changed or the session was logged out since the token was issued, or it is a demo account
 * and demo mode is off. All are 401 with a
 * Bearer challenge, so the web renews the token once and otherwise sends the user to log in.
 */
export function authenticate(tokens: AccessTokens, sessionCheck: SessionCheck) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const header = request.get('authorization');
    if (header === undefined || header === '') throw new ApiError('unauthenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (match === null || match[1] === undefined)
      throw new ApiError('invalid_token', { headers: { 'WWW-Authenticate': 'Bearer error="invalid_request"' } });
    const principal = tokens.verify(match[1]);
    const session = await sessionCheck(principal);
    if (!session.holds) throw sessionEnded();
    response.locals.principal = principal;
    response.locals.mustChangePassword = session.mustChangePassword;
    next();
  };
}
