// Which stores a staff user works in (`store_staff`): staff read only their own stores' accounts.
import type { Knex } from 'knex';

/** Stores one staff user may be assigned to; a bound, like every list here. */
export const storesPerStaffMax = 20;

/** Assigns a staff user to a store; assigning again changes nothing. */
export async function assignStoreStaff(db: Knex, community: string, userId: string, store: string): Promise<void> {
  await db('store_staff').insert({ community_id: community, user_id: userId, store_id: store }).onConflict(['community_id', 'user_id', 'store_id']).ignore();
}

export async function storesOfStaff(db: Knex, community: string, userId: string): Promise<string[]> {
  const rows = (await db('store_staff').select('store_id').where({ community_id: community, user_id: userId }).orderBy('store_id').limit(storesPerStaffMax)) as { store_id: string }[];
  return rows.map((row) => row.store_id);
}
