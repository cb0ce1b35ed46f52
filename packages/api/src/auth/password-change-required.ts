// The gate for users who must change their password first: every authenticated route but the
// caller's own account and the password change answers `password_change_required` until they do.
//
// Mounted by `mountRoutes` (routing.ts) right after `authenticate`, as its own middleware. It reads
// the flag from `users` on each request: an access token issued before an operator's reset must be
// stopped too, so the token cannot carry the answer. The session check reads it in the same row
// (`response.locals.mustChangePassword`); without that, the gate looks it up by primary key.
import type { NextFunction, Request, Response } from 'express';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { mustChangePassword } from './password-change.js';

/** The routes a user who must change their password may still call (by operationId). */
export const routesBeforePasswordChange: ReadonlySet<string> = new Set(['meGet', 'mePasswordChange']);

export function passwordChangeRequired(deps: Pick<Deps, 'knex'>, route: { operationId: string }) {
  const exempt = routesBeforePasswordChange.has(route.operationId);
  return async (_request: Request, response: Response, next: NextFunction): Promise<void> => {
    const principal = response.locals.principal;
    if (exempt || principal === undefined) return next();
    const mustChange = response.locals.mustChangePassword ?? (await mustChangePassword(deps.knex, principal.community, principal.userId));
    if (mustChange) {
      throw new ApiError('password_change_required', { detail: 'choose a new password first: POST /api/v1/me/password' });
    }
    next();
  };
}
