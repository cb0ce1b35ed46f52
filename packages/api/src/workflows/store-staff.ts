// Which stores a staff user works in (`store_staff`): staff read and work only in their own stores.
//
// Staff act on a store's books (donations in kind, handouts, stock counts, stock on hand, the
// store's ledger accounts) only where an admin assigned them. A store they are not assigned to
// answers `not_found`, exactly as a store that does not exist, like another community's data
// does (account-access.ts): nobody learns from a refusal what exists beyond their reach.
// Coordinators and admins act in every store of their community.
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import { toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { requireStore } from './supermarket-support.js';
import type { StoreStaffView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { StoreStaffView } from '@linli/contract';

/** Stores one staff user may be assigned to; a bound, like every list here. */
export const storesPerStaffMax = 20;
/** Staff one store may have; the store's staff list is one page of at most this many. */
export const staffPerStoreMax = 100;

/** Assigns a staff user to a store; assigning again changes nothing. No checks: callers check. */
export async function assignStoreStaff(db: Knex, community: string, userId: string, store: string): Promise<void> {
  await db('store_staff')
    .insert({ community_id: community, user_id: userId, store_id: store })
    .onConflict(['community_id', 'user_id', 'store_id'])
    .ignore();
}

export async function storesOfStaff(db: Knex, community: string, userId: string): Promise<string[]> {
  const rows = (await db('store_staff')
    .select('store_id')
    .where({ community_id: community, user_id: userId })
    .orderByRaw('store_id collate "C"')
    .limit(storesPerStaffMax)) as { store_id: string }[];
  return rows.map((row) => row.store_id);
}

/**
 * The store, if the caller may work in it: any store of the community for coordinators and
 * admins (and auditors, who only read), only an assigned one for staff. Rejections: `not_found`
 * (no such store in the community, or one the staff user is not assigned to).
 */
export async function requireStoreOf(db: Knex, principal: Principal, store: string): Promise<{ id: string; name: string }> {
  const found = await requireStore(db, principal.community, store);
  if (!(await mayWorkIn(db, principal, store))) throw new ApiError('not_found', { detail: `no store ${store}` });
  return found;
}

/** Whether the caller may see and work a store's records: staff only their assigned stores. */
export async function mayWorkIn(db: Knex, principal: Principal, store: string): Promise<boolean> {
  if (principal.role !== 'staff') return true;
  const row = await db('store_staff')
    .select('store_id')
    .where({ community_id: principal.community, user_id: principal.userId, store_id: store })
    .first<{ store_id: string } | undefined>();
  return row !== undefined;
}

interface StoreStaffRow {
  user_id: string;
  username: string;
  display_name: string;
  disabled_at: Date | string | null;
  assigned_at: Date | string;
}

function staffQuery(db: Knex, community: string, store: string): Knex.QueryBuilder {
  return db('store_staff as s')
    .join('users as u', function joinOn() {
      this.on('u.community_id', '=', 's.community_id').andOn('u.id', '=', 's.user_id');
    })
    .select('s.user_id', 'u.username', 'u.display_name', 'u.disabled_at', 's.assigned_at')
    .where({ 's.community_id': community, 's.store_id': store });
}

function staffView(row: StoreStaffRow): StoreStaffView {
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    disabled: row.disabled_at !== null,
    assignedAt: toIso(row.assigned_at),
  };
}

/** The staff of a store, by user id in byte order (at most `staffPerStoreMax`). Rejections: `not_found` (store). */
export async function listStoreStaff(deps: Deps, principal: Principal, store: string): Promise<StoreStaffView[]> {
  await requireStore(deps.knex, principal.community, store);
  const rows = (await staffQuery(deps.knex, principal.community, store)
    .orderByRaw('s.user_id collate "C"')
    .limit(staffPerStoreMax)) as StoreStaffRow[];
  return rows.map(staffView);
}

/**
 * Assigns a staff user to a store (audited as `store.staff_assigned`); assigning someone who
 * already works there changes nothing and answers the assignment as it is. Checks, in this
 * order: `not_found` (store; user, also another community's), `validation_failed` (the user's
 * role is not `staff`), `limit_reached` (the user works in `storesPerStaffMax` stores, or the store
 * has `staffPerStoreMax` staff). The store's row and the user's row are locked, so two
 * assignments to one store, or of one user, at once cannot both pass a limit.
 */
export async function assignStaffToStore(deps: Deps, actor: Principal, store: string, userId: string): Promise<StoreStaffView> {
  const community = actor.community;
  await deps.knex.transaction(async (trx) => {
    // The store's row is locked for the staff count, the user's for the store count: two
    // assignments at once, to one store or of one user, take turns at the limits.
    const locked = await trx('stores')
      .select('id')
      .where({ community_id: community, id: store })
      .forNoKeyUpdate()
      .first<{ id: string } | undefined>();
    if (locked === undefined) throw new ApiError('not_found', { detail: `no store ${store}` });
    const user = await trx('users')
      .select('role')
      .where({ community_id: community, id: userId })
      .forUpdate()
      .first<{ role: string } | undefined>();
    if (user === undefined) throw new ApiError('not_found', { detail: `no user ${userId}` });
    if (user.role !== 'staff')
      throw new ApiError('validation_failed', {
        errors: [{ in: 'body', pointer: '/userId', detail: `the user's role is ${user.role}; only staff are assigned to stores` }],
      });
    const existing = await trx('store_staff')
      .select('store_id')
      .where({ community_id: community, user_id: userId, store_id: store })
      .first<{ store_id: string } | undefined>();
    if (existing !== undefined) return;
    const [stores] = (await trx('store_staff').where({ community_id: community, user_id: userId }).count({ count: '*' })) as [
      { count: string | number },
    ];
    if (Number(stores.count) >= storesPerStaffMax)
      throw new ApiError('limit_reached', { detail: `a staff user works in at most ${storesPerStaffMax} stores` });
    const [staff] = (await trx('store_staff').where({ community_id: community, store_id: store }).count({ count: '*' })) as [
      { count: string | number },
    ];
    if (Number(staff.count) >= staffPerStoreMax)
      throw new ApiError('limit_reached', { detail: `a store has at most ${staffPerStoreMax} staff` });
    await trx('store_staff').insert({ community_id: community, user_id: userId, store_id: store, assigned_at: deps.now() });
    await recordAudit(
      trx,
      { community, actor: actor.userId, action: 'store.staff_assigned', target: `store:${store}`, details: { user: userId } },
      deps.now(),
    );
  });
  const row = (await staffQuery(deps.knex, community, store).andWhere('s.user_id', userId).first()) as StoreStaffRow | undefined;
  if (row === undefined) throw new Error(`assertion: ${userId} was just assigned to ${store}`);
  return staffView(row);
}

/**
 * Ends a user's work in a store (audited as `store.staff_unassigned` when they worked there);
 * ending it again changes nothing. The user's role is not checked, so that an assignment left
 * from before a role change can still be ended. Rejections: `not_found` (store; user, also
 * another community's).
 */
export async function unassignStaffFromStore(deps: Deps, actor: Principal, store: string, userId: string): Promise<void> {
  const community = actor.community;
  await deps.knex.transaction(async (trx) => {
    await requireStore(trx, community, store);
    const user = await trx('users').select('id').where({ community_id: community, id: userId }).first<{ id: string } | undefined>();
    if (user === undefined) throw new ApiError('not_found', { detail: `no user ${userId}` });
    const removed = (await trx('store_staff')
      .where({ community_id: community, user_id: userId, store_id: store })
      .delete()
      .returning('store_id')) as unknown[];
    if (removed.length > 0)
      await recordAudit(
        trx,
        { community, actor: actor.userId, action: 'store.staff_unassigned', target: `store:${store}`, details: { user: userId } },
        deps.now(),
      );
  });
}

/** Ends every store assignment of a user whose role changes away from staff; returns the stores. */
export async function unassignFromAllStores(db: Knex, community: string, userId: string): Promise<string[]> {
  const rows = (await db('store_staff').where({ community_id: community, user_id: userId }).delete().returning('store_id')) as {
    store_id: string;
  }[];
  return rows.map((row) => row.store_id).sort();
}
