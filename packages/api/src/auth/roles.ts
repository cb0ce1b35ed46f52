// Roles, the authenticated principal, and `requireRole`: who may call which route.
import type { NextFunction, Request, Response } from 'express';
import { roles, type Role } from '@linli/contract';
import { ApiError } from '../http-errors.js';

export { communityRoles, roles, type CommunityRole, type Role } from '@linli/contract';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** The caller, as the verified access token says. Every query is filtered by `community`. */
export interface Principal {
  userId: string;
  role: Role;
  community: string;
  /** The access token's `jti`, for logs. */
  tokenId: string;
  /** The access token's session; absent for tokens issued before sessions had ids, and in tests. */
  sessionId?: string | undefined;
}

/** Who may call a route: anyone (`public`) or an authenticated user with one of the roles. */
export type Access = 'public' | readonly [Role, ...Role[]];

export const allRoles: readonly [Role, ...Role[]] = roles;

/** Throws `forbidden` unless the principal has one of the roles. */
export function assertRole(principal: Principal, allowed: readonly Role[]): void {
  if (!allowed.includes(principal.role)) throw new ApiError('forbidden', { detail: `this needs one of the roles: ${allowed.join(', ')}` });
}

/**
 * Middleware form of `assertRole`, for routes mounted outside the route registry; it expects
 * `authenticate` to have run before it.
 */
export function requireRole(...allowed: [Role, ...Role[]]) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    const principal = response.locals.principal;
    if (principal === undefined) throw new ApiError('unauthenticated');
    assertRole(principal, allowed);
    next();
  };
}
