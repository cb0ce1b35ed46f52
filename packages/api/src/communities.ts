// The communities the service knows (`community_profiles`): code, display name, demo flag.
import type { Knex } from 'knex';

export interface CommunityProfile {
  id: string;
  name: string;
  isDemo: boolean;
}

export async function insertCommunity(db: Knex, community: CommunityProfile): Promise<void> {
  await db('community_profiles').insert({ community_id: community.id, name: community.name, is_demo: community.isDemo });
}

export async function findCommunity(db: Knex, communityId: string): Promise<CommunityProfile | undefined> {
  const row = await db('community_profiles').select('community_id', 'name', 'is_demo').where({ community_id: communityId }).first<{ community_id: string; name: string; is_demo: boolean } | undefined>();
  return row === undefined ? undefined : { id: row.community_id, name: row.name, isDemo: row.is_demo };
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
  const profile = await db('community_profiles').select('community_id').first<{ community_id: string } | undefined>();
  if (profile !== undefined) return false;
  if (!(await db.schema.hasTable('ledger_communities'))) return true;
  const books = await db('ledger_communities').select('community_id').first<{ community_id: string } | undefined>();
  return books === undefined;
}
