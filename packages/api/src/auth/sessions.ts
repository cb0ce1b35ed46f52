// Logging in, refreshing and logging out: the session rules, between the routes and the queries.
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import type { LoginTicket } from './login-limiter.js';
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password.js';
import {
  findRefreshTokenForUpdate,
  insertRefreshToken,
  markRefreshTokenRotated,
  parseRefreshToken,
  type RefreshTokenRecord,
} from './refresh-tokens.js';
import type { Role } from './roles.js';
import { endSession, findSessionForUpdate, insertSession } from './session-records.js';
import { findUser, findUserByUsername, updateUser, type UserRecord } from './users.js';

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; username: string; displayName: string; role: Role; community: string };
}

export interface LoginInput {
  community: string;
  username: string;
  password: string;
  /** The client's address, for the per-address limit. */
  address: string;
}

/**
 * Rejections, in this order: `rate_limited` (failures per username and address, per address, per
 * username under attack: login-limiter.ts), `invalid_credentials` (unknown community or user, or
 * wrong password — one answer, so usernames cannot be probed), `account_disabled`,
 * `demo_account_disabled`. The last two are told only to someone who knows the password. Only
 * failures count against the limits. In a cluster the limiter is asked of the primary;
 * `not_ready` (503) when it does not answer in time.
 */
export async function login(deps: Deps, input: LoginInput): Promise<Session> {
  const username = input.username.toLowerCase();
  const decision = await deps.loginLimiter.begin({ community: input.community, username, address: input.address });
  if (!decision.allowed) throw new ApiError('rate_limited', { headers: { 'Retry-After': String(decision.retryAfterSeconds) } });
  const user = await checkPassword(deps, decision.ticket, input.community, username, input.password);
  assertMayHaveSession(deps, user);
  if (needsRehash(user.passwordHash)) {
    await updateUser(deps.knex, user.community, user.id, { passwordHash: await hashPassword(input.password) }, deps.now());
  }
  // The session carries the version read with the user: if a change ends the user's sessions
  // between that read and this insert, the new session is already out of date and never holds.
  const sessionId = randomUUID();
  const now = deps.now();
  const refresh = await deps.knex.transaction(async (trx) => {
    await insertSession(trx, { community: user.community, id: sessionId, userId: user.id, userVersion: user.sessionVersion }, now);
    return insertRefreshToken(trx, { community: user.community, userId: user.id, familyId: sessionId }, now);
  });
  return session(deps, user, sessionId, refresh);
}

/**
 * The user whose password this is, or `invalid_credentials`, the attempt then staying counted as
 * a failure. A right password takes the attempt back and makes the address known for the user;
 * an error before the password was checked (the database) takes it back without that.
 */
async function checkPassword(deps: Deps, ticket: LoginTicket, community: string, username: string, password: string): Promise<UserRecord> {
  let user: UserRecord | undefined;
  try {
    user = await findUserByUsername(deps.knex, community, username);
  } catch (error) {
    await deps.loginLimiter.finish(ticket, 'undecided');
    throw error;
  }
  // The decoy keeps the time of a failed login the same whether or not the user exists.
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (user === undefined || !passwordMatches) throw new ApiError('invalid_credentials');
  await deps.loginLimiter.finish(ticket, 'password_accepted');
  return user;
}

type RefreshOutcome =
  | { kind: 'ok'; user: UserRecord; sessionId: string; refresh: { token: string; expiresAt: string } }
  | { kind: 'refused'; error: ApiError };

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation), in the
 * same session. Rejections: `refresh_token_invalid` (unknown, expired, revoked, session ended,
 * user gone or disabled, or the account changed since the login), `refresh_token_reused` (a
 * rotated token presented again: its whole session ends, since either the client or a thief
 * holds a copy), `demo_account_disabled`.
 */
export async function refresh(deps: Deps, token: string): Promise<Session> {
  const parts = parseRefreshToken(token);
  if (parts === undefined) throw new ApiError('refresh_token_invalid');
  const now = deps.now();
  // Refusals are returned rather than thrown so that the family's revocation commits.
  const outcome = await deps.knex.transaction(async (trx): Promise<RefreshOutcome> => {
    const reused = async (stored: RefreshTokenRecord): Promise<RefreshOutcome> => {
      await endSession(trx, stored.community, stored.familyId, now);
      deps.logger.warn(
        { community: stored.community, userId: stored.userId, familyId: stored.familyId },
        'refresh token reused; family revoked',
      );
      return { kind: 'refused', error: new ApiError('refresh_token_reused') };
    };
    const stored = await findRefreshTokenForUpdate(trx, parts);
    if (stored === undefined || stored.revokedAt !== null) return { kind: 'refused', error: new ApiError('refresh_token_invalid') };
    // Locked after the token, in the same order as logout, so the two wait for each other.
    const held = await findSessionForUpdate(trx, stored.community, stored.familyId);
    if (held === undefined || held.ended) return { kind: 'refused', error: new ApiError('refresh_token_invalid') };
    if (stored.rotatedAt !== null) return reused(stored);
    if (Date.parse(stored.expiresAt) <= now.getTime())
      return { kind: 'refused', error: new ApiError('refresh_token_invalid', { detail: 'the session has expired; log in again' }) };
    const user = await findUser(trx, stored.community, stored.userId);
    if (user === undefined || user.disabledAt !== null || user.sessionVersion !== held.userVersion) {
      await endSession(trx, stored.community, stored.familyId, now);
      return { kind: 'refused', error: new ApiError('refresh_token_invalid') };
    }
    if (user.isDemo && !deps.demo) return { kind: 'refused', error: new ApiError('demo_account_disabled') };
    // The row is locked, so this cannot fail today; it is the second check of "used once".
    if (!(await markRefreshTokenRotated(trx, stored, now))) return reused(stored);
    const next = await insertRefreshToken(trx, { community: user.community, userId: user.id, familyId: stored.familyId }, now);
    return { kind: 'ok', user, sessionId: held.id, refresh: next };
  });
  if (outcome.kind === 'refused') throw outcome.error;
  return session(deps, outcome.user, outcome.sessionId, outcome.refresh);
}

/**
 * Ends the token's session: its refresh tokens and, from the next request on, its access tokens.
 * Answers the same whether or not the token was known.
 */
export async function logout(deps: Deps, token: string): Promise<void> {
  const parts = parseRefreshToken(token);
  if (parts === undefined) return;
  await deps.knex.transaction(async (trx) => {
    const stored = await findRefreshTokenForUpdate(trx, parts);
    if (stored !== undefined) await endSession(trx, stored.community, stored.familyId, deps.now());
  });
}

function assertMayHaveSession(deps: Deps, user: UserRecord): void {
  if (user.disabledAt !== null) throw new ApiError('account_disabled');
  if (user.isDemo && !deps.demo)
    throw new ApiError('demo_account_disabled', {
      detail: 'this is a demo account with a published password; start the service with LINLI_DEMO=true to use it',
    });
}

function session(deps: Deps, user: UserRecord, sessionId: string, refreshToken: { token: string; expiresAt: string }): Session {
  const access = deps.accessTokens.issue({ userId: user.id, role: user.role, community: user.community, sessionId });
  return {
    accessToken: access.token,
    tokenType: 'Bearer',
    expiresIn: access.expiresInSeconds,
    refreshToken: refreshToken.token,
    refreshTokenExpiresAt: refreshToken.expiresAt,
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, community: user.community },
  };
}
