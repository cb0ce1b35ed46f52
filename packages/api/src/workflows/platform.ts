// The platform level (a street office or a district): its admins create communities with their
// first admin, list the communities with their public figures, and reset a community admin's
// password. They reach no community's own data: no community route lists their role.
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import { newOneTimePassword } from '../auth/one-time-password.js';
import { hashPassword } from '../auth/password.js';
import { findUser } from '../auth/users.js';
import { findMemberCommunity, listCommunities } from '../communities.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { createCommunityWithAdmin } from '../operations/community-setup.js';
import { OperationRefusal } from '../operations/operation-refusal.js';
import { setOneTimePassword } from '../operations/password-reset.js';
import { toIso } from '../database-values.js';
import { publicStatistics } from './public-stats.js';

// Communities per page of the platform's list (each brings a month of public figures): the contract's.
import { communitiesPageMax, type CommunityCreated, type CommunityWithFigures, type PasswordResetView } from '@linli/contract';

export { communitiesPageMax };

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { CommunityCreated, CommunityWithFigures, PasswordResetView } from '@linli/contract';

/**
 * Creates a community, its books and its first admin (through `createCommunityWithAdmin`, as
 * `linli community create` does) with a one-time password to hand over once.
 * Refusals: `community_taken`.
 */
export async function createCommunity(
  deps: Deps,
  principal: Principal,
  input: { code: string; name: string; admin: { username: string; displayName: string } },
): Promise<CommunityCreated> {
  try {
    const created = await createCommunityWithAdmin(
      { knex: deps.knex, kind: deps.database.kind },
      { code: input.code, name: input.name, admin: { username: input.admin.username, displayName: input.admin.displayName } },
      { firstOnly: false, now: deps.now(), actor: { kind: 'platform_admin', userId: principal.userId } },
    );
    return {
      community: created.community,
      name: input.name,
      admin: { id: created.adminId, username: created.adminUsername, oneTimePassword: created.password },
    };
  } catch (error) {
    throw asApiError(error);
  }
}

/** The communities by code, a page at a time, each with this month's public figures (small counts suppressed). */
export async function communitiesWithFigures(
  deps: Deps,
  page: { limit: number; after?: string | undefined },
  month: string,
): Promise<{ items: CommunityWithFigures[]; next: string | null }> {
  const limit = Math.min(page.limit, communitiesPageMax);
  const rows = await listCommunities(deps.knex, { limit: limit + 1, after: page.after });
  const shown = rows.slice(0, limit);
  const items: CommunityWithFigures[] = [];
  for (const row of shown) {
    const statistics = await publicStatistics(deps.knex, deps.ledger, row.id, month, month, deps.now());
    const thisMonth = statistics.months[0];
    if (thisMonth === undefined) throw new Error('public statistics of one month have no month');
    items.push({ code: row.id, name: row.name, createdAt: toIso(row.createdAt), thisMonth });
  }
  return { items, next: rows.length > limit ? (shown[shown.length - 1]?.id ?? null) : null };
}

/**
 * Resets the password of a community's admin: a one-time password to be changed at the next
 * login, every session of the admin ended, logged in that community and in the platform's log.
 * Refusals: `not_found` (no such community, no such user, or the user is not an admin there).
 */
export async function resetCommunityAdminPassword(
  deps: Deps,
  principal: Principal,
  community: string,
  userId: string,
): Promise<PasswordResetView> {
  const password = newOneTimePassword();
  const passwordHash = await hashPassword(password);
  if ((await findMemberCommunity(deps.knex, community)) === undefined) throw new ApiError('not_found', { detail: 'no such community' });
  const user = await findUser(deps.knex, community, userId);
  if (user === undefined || user.role !== 'admin') throw new ApiError('not_found', { detail: 'no admin with this id in the community' });
  await setOneTimePassword(deps.knex, { community, userId, passwordHash, actor: principal.userId, via: 'platform' }, deps.now());
  await recordAudit(
    deps.knex,
    {
      community: principal.community,
      actor: principal.userId,
      action: 'user.password_reset',
      target: `user:${userId}`,
      details: { community },
    },
    deps.now(),
  );
  return { userId, username: user.username, oneTimePassword: password };
}

function asApiError(error: unknown): unknown {
  if (!(error instanceof OperationRefusal)) return error;
  if (error.code === 'community_taken') return new ApiError('community_taken', { detail: error.message });
  if (error.code === 'invalid_input' || error.code === 'password_too_weak')
    return new ApiError('validation_failed', { detail: error.message });
  return error;
}
