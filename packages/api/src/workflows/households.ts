// Households: a random pseudonymous code for the ledger, and personal data sealed at rest.
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import type { Sealer } from '../crypto/sealed.js';
import { isUniqueViolation, toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { newHouseholdCode } from '../random-ids.js';
import {
  applyPersonalChange,
  householdPersonal,
  seesPersonalData,
  type HouseholdPersonal,
  type HouseholdPersonalChange,
} from './household-personal.js';
import { openHouseholdAccount } from './community-books.js';
import { findHouseholdRow, householdRowsPage, insertHousehold, updateHouseholdSealed, type HouseholdRow } from './queries/households.js';
import type { HouseholdView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { HouseholdView } from '@linli/contract';

const codeAttemptsMax = 8;

export function personalContext(community: string, code: string): string {
  return `${community}/households/${code}/personal`;
}

/** Rejections: none expected; a code collision is retried with a new code. */
export async function createHousehold(deps: Deps, actor: Principal, personal: HouseholdPersonal): Promise<HouseholdView> {
  const community = actor.community;
  for (let attempt = 0; attempt < codeAttemptsMax; attempt += 1) {
    const code = newHouseholdCode();
    try {
      await deps.knex.transaction(async (trx) => {
        await insertHousehold(trx, community, code, sealPersonal(deps.sealer, community, code, personal), actor.userId);
        await recordAudit(trx, { community, actor: actor.userId, action: 'household.created', target: `household:${code}` }, deps.now());
      });
    } catch (error) {
      if (isUniqueViolation(error)) continue;
      throw error;
    }
    await openHouseholdAccount(deps.ledger, community, code);
    return getHousehold(deps, actor, code, { audit: false });
  }
  throw new Error(`no free household code after ${codeAttemptsMax} attempts`);
}

/**
 * Rejections: `not_found` (also for another community's household). Opening personal data is
 * logged as `household.personal_viewed`.
 */
export async function getHousehold(
  deps: Deps,
  viewer: Principal,
  code: string,
  options: { audit: boolean } = { audit: true },
): Promise<HouseholdView> {
  const row = await findHouseholdRow(deps.knex, viewer.community, code);
  if (row === undefined) throw new ApiError('not_found');
  if (options.audit && seesPersonalData(viewer.role)) {
    await recordAudit(
      deps.knex,
      { community: viewer.community, actor: viewer.userId, action: 'household.personal_viewed', target: `household:${code}` },
      deps.now(),
    );
  }
  return toView(deps, viewer, row);
}

export async function listHouseholds(
  deps: Deps,
  viewer: Principal,
  page: { limit: number; after?: string | undefined },
): Promise<{ items: HouseholdView[]; next: string | null }> {
  const rows = await householdRowsPage(deps.knex, viewer.community, page);
  if (rows.length > 0 && seesPersonalData(viewer.role)) {
    await recordAudit(
      deps.knex,
      {
        community: viewer.community,
        actor: viewer.userId,
        action: 'household.personal_viewed',
        target: 'households',
        details: { codes: rows.map((row) => row.code) },
      },
      deps.now(),
    );
  }
  return { items: rows.map((row) => toView(deps, viewer, row)), next: rows.length === page.limit ? (rows.at(-1)?.code ?? null) : null };
}

/** Rejections: `not_found`. The personal data is sealed again, with the current key. */
export async function changeHousehold(deps: Deps, actor: Principal, code: string, change: HouseholdPersonalChange): Promise<HouseholdView> {
  const community = actor.community;
  const now = deps.now();
  await deps.knex.transaction(async (trx) => {
    const row = await findHouseholdRow(trx, community, code, { lock: true });
    if (row === undefined) throw new ApiError('not_found');
    const next = applyPersonalChange(openPersonal(deps, community, code, row.personal_sealed), change);
    await updateHouseholdSealed(trx, community, code, sealPersonal(deps.sealer, community, code, next), now);
    await recordAudit(
      trx,
      {
        community,
        actor: actor.userId,
        action: 'household.updated',
        target: `household:${code}`,
        details: { fields: Object.keys(change) },
      },
      now,
    );
  });
  return getHousehold(deps, actor, code, { audit: false });
}

export function sealPersonal(sealer: Sealer, community: string, code: string, personal: HouseholdPersonal): string {
  return sealer.seal(JSON.stringify(personal), personalContext(community, code));
}

function openPersonal(deps: Deps, community: string, code: string, sealed: string): HouseholdPersonal {
  return householdPersonal.parse(JSON.parse(deps.sealer.open(sealed, personalContext(community, code))));
}

function toView(deps: Deps, viewer: Principal, row: HouseholdRow): HouseholdView {
  const view: HouseholdView = { code: row.code, createdAt: toIso(row.created_at), updatedAt: toIso(row.updated_at) };
  if (seesPersonalData(viewer.role)) view.personal = openPersonal(deps, row.community_id, row.code, row.personal_sealed);
  return view;
}
