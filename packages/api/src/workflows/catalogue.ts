// Stores and the item catalogue: each item is a ledger unit with stock accounts in every store.
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import { isUniqueViolation } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { openCatalogueItem } from './community-books.js';
import { catalogueColumns, catalogueFromRow, findCatalogueItems, type CatalogueRecord } from './supermarket-support.js';
import type { StoreView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { StoreView } from '@linli/contract';

/** Type-ahead answers at most this many items. */
export const catalogueSearchMax = 20;
/** Stores a community may have; each new item opens accounts in every one. */
export const storesPerCommunityMax = 50;

export interface NewCatalogueItem {
  code: string;
  name: string;
  scale: 0 | 3;
  unitPrice: string;
  barcode?: string | undefined;
}

export async function listStores(db: Knex, community: string): Promise<StoreView[]> {
  return (await db('stores')
    .select('id', 'name')
    .where({ community_id: community })
    .orderByRaw('id collate "C"')
    .limit(storesPerCommunityMax)) as StoreView[];
}

/**
 * Adds a store and opens the stock and variance accounts of every catalogue item in it.
 * Rejections: `already_exists` (a store with this id and another name), `limit_reached`.
 * The same id and name again is a no-op, so a retry after a crash completes the accounts.
 */
export async function createStore(deps: Deps, actor: Principal, store: StoreView): Promise<StoreView> {
  const community = actor.community;
  const existing = await deps
    .knex('stores')
    .select('id', 'name')
    .where({ community_id: community, id: store.id })
    .first<StoreView | undefined>();
  if (existing !== undefined && existing.name !== store.name) throw new ApiError('already_exists', { detail: `store ${store.id} exists` });
  if (existing === undefined) {
    const [{ count }] = (await deps.knex('stores').where({ community_id: community }).count({ count: '*' })) as [
      { count: string | number },
    ];
    if (Number(count) >= storesPerCommunityMax) throw new ApiError('limit_reached', { detail: `at most ${storesPerCommunityMax} stores` });
  }
  // The ledger first: every open is idempotent, so a crash before the row is written is redone.
  for (const item of await allCatalogueItems(deps.knex, community)) await openCatalogueItem(deps.ledger, community, store.id, item);
  await deps.knex.transaction(async (trx) => {
    await trx('stores').insert({ community_id: community, id: store.id, name: store.name }).onConflict(['community_id', 'id']).ignore();
    if (existing === undefined)
      await recordAudit(trx, { community, actor: actor.userId, action: 'store.created', target: `store:${store.id}` }, deps.now());
  });
  return { id: store.id, name: store.name };
}

/**
 * Adds an item: its ledger unit, and its accounts in every store of the community. The same
 * item again is a no-op (a retry); another item with the code is `already_exists`, as is
 * another item with the barcode. The ledger refuses a unit code defined before with another
 * scale or name (`id_reused_with_different_body`).
 */
export async function createCatalogueItem(deps: Deps, actor: Principal, item: NewCatalogueItem): Promise<CatalogueRecord> {
  const community = actor.community;
  const wanted: CatalogueRecord = {
    code: item.code,
    name: item.name,
    scale: item.scale,
    unitPrice: item.unitPrice,
    barcode: item.barcode ?? null,
  };
  const existing = (await findCatalogueItems(deps.knex, community, [item.code])).get(item.code);
  if (existing !== undefined) {
    if (sameItem(existing, wanted)) return existing;
    throw new ApiError('already_exists', { detail: `item ${item.code} is in the catalogue` });
  }
  if (wanted.barcode !== null) {
    const holder = await deps
      .knex('catalogue_items')
      .select('code')
      .where({ community_id: community, barcode: wanted.barcode })
      .first<{ code: string } | undefined>();
    if (holder !== undefined) throw new ApiError('already_exists', { detail: `barcode ${wanted.barcode} belongs to ${holder.code}` });
  }
  for (const store of await listStores(deps.knex, community)) await openCatalogueItem(deps.ledger, community, store.id, wanted);
  try {
    await deps.knex.transaction(async (trx) => {
      await insertCatalogueItem(trx, community, wanted, actor.userId);
      await recordAudit(
        trx,
        {
          community,
          actor: actor.userId,
          action: 'catalogue_item.created',
          target: `item:${item.code}`,
          details: { scale: item.scale, unitPrice: item.unitPrice },
        },
        deps.now(),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError('already_exists', { detail: `item ${item.code} (or its barcode) is in the catalogue` });
    throw error;
  }
  return wanted;
}

async function insertCatalogueItem(db: Knex, community: string, item: CatalogueRecord, createdBy: string): Promise<void> {
  await db('catalogue_items').insert({
    community_id: community,
    code: item.code,
    name: item.name,
    scale: item.scale,
    unit_price: item.unitPrice,
    barcode: item.barcode,
    created_by: createdBy,
  });
}

function sameItem(a: CatalogueRecord, b: CatalogueRecord): boolean {
  return a.name === b.name && a.scale === b.scale && a.unitPrice === b.unitPrice && a.barcode === b.barcode;
}

async function allCatalogueItems(db: Knex, community: string): Promise<CatalogueRecord[]> {
  return (
    (await db('catalogue_items').select(catalogueColumns).where({ community_id: community }).orderByRaw('code collate "C"')) as Parameters<
      typeof catalogueFromRow
    >[0][]
  ).map(catalogueFromRow);
}

/** `%`, `_` and `\` are literal in a search, not LIKE wildcards. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Type-ahead: items whose name contains `q`, whose code starts with it, or whose barcode is it;
 * without `q`, the catalogue a page at a time by code.
 */
export async function searchCatalogue(
  db: Knex,
  community: string,
  options: { q?: string | undefined; limit: number; after?: string | undefined },
): Promise<{ items: CatalogueRecord[]; next: string | null }> {
  // Byte order (collate "C") on every database, so that pages by code neither skip nor repeat.
  const query = db('catalogue_items')
    .select(catalogueColumns)
    .where({ community_id: community })
    .orderByRaw('code collate "C"')
    .limit(options.limit);
  if (options.after !== undefined) query.andWhereRaw('code collate "C" > ?', [options.after]);
  if (options.q !== undefined) {
    const q = options.q;
    query.andWhere((where) => {
      where
        .whereRaw(`name ilike ? escape '\\'`, [`%${likeLiteral(q)}%`])
        .orWhereRaw(`code like ? escape '\\'`, [`${likeLiteral(q.toLowerCase())}%`])
        .orWhere('barcode', q);
    });
  }
  const items = ((await query) as Parameters<typeof catalogueFromRow>[0][]).map(catalogueFromRow);
  return { items, next: items.length === options.limit ? (items.at(-1)?.code ?? null) : null };
}
