// The communities the service knows (`community_profiles`): code, display name, demo flag.
import type { Knex } from 'knex';

export interface CommunityProfile {
  id: string;
  name: string;
  isDemo: boolean;
  /** The platform above the communities (migration 0403): its users are platform admins; it has no books. */
  isPlatform?: boolean | undefined;
}

/** The platform's code: the one a platform admin logs in with (migration 0403 holds it so). */
export const platformCommunity = 'platform';

export async function insertCommunity(db: Knex, community: CommunityProfile): Promise<void> {
  await db('community_profiles').insert({
    community_id: community.id,
    name: community.name,
    is_demo: community.isDemo,
    is_platform: community.isPlatform === true,
  });
}

interface ProfileRow {
  community_id: string;
  name: string;
  is_demo: boolean;
  is_platform: boolean;
  created_at: Date | string;
}

export async function findCommunity(db: Knex, communityId: string): Promise<CommunityProfile | undefined> {
  const row = await db('community_profiles')
    .select('community_id', 'name', 'is_demo', 'is_platform')
    .where({ community_id: communityId })
    .first<ProfileRow | undefined>();
  return row === undefined ? undefined : { id: row.community_id, name: row.name, isDemo: row.is_demo, isPlatform: row.is_platform };
}

/** A community (never the platform), for the platform's list. */
export async function findMemberCommunity(db: Knex, communityId: string): Promise<CommunityProfile | undefined> {
  const found = await findCommunity(db, communityId);
  return found === undefined || found.isPlatform === true ? undefined : found;
}

export interface CommunityListEntry {
  id: string;
  name: string;
  isDemo: boolean;
  createdAt: Date | string;
}

/** The communities (not the platform) by code in byte order, a page at a time after `after`. */
export async function listCommunities(db: Knex, page: { limit: number; after?: string | undefined }): Promise<CommunityListEntry[]> {
  const query = db('community_profiles').select('community_id', 'name', 'is_demo', 'created_at').where({ is_platform: false });
  if (page.after !== undefined) query.andWhereRaw('community_id collate "C" > ?', [page.after]);
  const rows = (await query.orderByRaw('community_id collate "C"').limit(page.limit)) as ProfileRow[];
  return rows.map((row) => ({ id: row.community_id, name: row.name, isDemo: row.is_demo, createdAt: row.created_at }));
}

/** True when the platform (and so its first admin) exists. */
export async function hasPlatform(db: Knex): Promise<boolean> {
  return (await db('community_profiles').select('community_id').where({ is_platform: true }).first()) !== undefined;
}

/** Locks the community's profile row to the end of the transaction: what must run one at a time per community takes it. */
export async function lockCommunity(db: Knex, communityId: string): Promise<void> {
  await db('community_profiles').first('community_id').where({ community_id: communityId }).forUpdate();
}

/**
 * True when no community exists yet (a fresh database): neither the service's profiles nor the
 * ledger's own books (`ledger_communities`, when its migration has run) know any community.
 */
export async function hasNoCommunity(db: Knex): Promise<boolean> {
  const profile = await db('community_profiles')
    .select('community_id')
    .where({ is_platform: false })
    .first<{ community_id: string } | undefined>();
  if (profile !== undefined) return false;
  if (!(await db.schema.hasTable('ledger_communities'))) return true;
  const books = await db('ledger_communities').select('community_id').first<{ community_id: string } | undefined>();
  return books === undefined;
}
