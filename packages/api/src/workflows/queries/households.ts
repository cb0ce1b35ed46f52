// Queries on `households`: a household's code and its sealed personal data, one row type.
import type { Knex } from 'knex';

export interface HouseholdRow {
  community_id: string;
  code: string;
  /** Sealed with `crypto/sealed.ts` under the household's context; never stored in clear. */
  personal_sealed: string;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const columns = ['community_id', 'code', 'personal_sealed', 'created_by', 'created_at', 'updated_at'] as const;

export async function insertHousehold(db: Knex, community: string, code: string, personalSealed: string, createdBy: string): Promise<void> {
  await db('households').insert({ community_id: community, code, personal_sealed: personalSealed, created_by: createdBy });
}

/** The household; locked to the end of the transaction when `lock`. */
export async function findHouseholdRow(
  db: Knex,
  community: string,
  code: string,
  options: { lock?: boolean } = {},
): Promise<HouseholdRow | undefined> {
  const query = db('households')
    .select(...columns)
    .where({ community_id: community, code })
    .first();
  return (await (options.lock === true ? query.forUpdate() : query)) as HouseholdRow | undefined;
}

/** A page of households by code in byte order. */
export async function householdRowsPage(
  db: Knex,
  community: string,
  page: { limit: number; after?: string | undefined },
): Promise<HouseholdRow[]> {
  const query = db('households')
    .select(...columns)
    .where({ community_id: community })
    .orderByRaw('code collate "C"')
    .limit(page.limit);
  if (page.after !== undefined) query.andWhereRaw('code collate "C" > ?', [page.after]);
  return (await query) as HouseholdRow[];
}

export async function updateHouseholdSealed(db: Knex, community: string, code: string, personalSealed: string, now: Date): Promise<void> {
  await db('households').where({ community_id: community, code }).update({ personal_sealed: personalSealed, updated_at: now });
}
