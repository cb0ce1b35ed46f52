// Stock on hand in a store: the balances of its stock accounts, a page at a time by item code.
import { books, normalizeAmount } from '@linli/ledger';
import type { Principal } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { requireStoreOf } from './store-staff.js';
import { findCatalogueItems } from './supermarket-support.js';
import type { StockLineView } from '@linli/contract';

const { accountIds } = books;

export type StockLine = StockLineView;

/**
 * A store's stock accounts all start `store/<store>/stock/`, and sort before its variance
 * accounts (`store/<store>/variance/`), so the ledger's account list by owner gives them in item
 * order; the page ends at the first variance account. Rejections: `not_found` (store, also one the
 * staff user is not assigned to).
 */
export async function storeStock(
  deps: Deps,
  viewer: Principal,
  store: string,
  page: { limit: number; after?: string | undefined },
): Promise<{ items: StockLine[]; next: string | null }> {
  const community = viewer.community;
  await requireStoreOf(deps.knex, viewer, store);
  const prefix = accountIds.stock(store, '');
  const listed = await deps.ledger.listAccounts(community, {
    ownerRef: store,
    limit: page.limit,
    cursor: page.after === undefined ? null : accountIds.stock(store, page.after),
  });
  const accounts = listed.items.filter((account) => account.id.startsWith(prefix));
  const names = await findCatalogueItems(
    deps.knex,
    community,
    accounts.map((account) => account.id.slice(prefix.length)),
  );
  const items = accounts.map((account) => {
    const item = account.id.slice(prefix.length);
    const catalogue = names.get(item);
    const scale = catalogue?.scale ?? 0;
    return { item, name: catalogue?.name ?? item, scale, quantity: normalizeAmount(account.balance, scale) };
  });
  const more = listed.nextCursor !== null && accounts.length === listed.items.length;
  return { items, next: more ? (items.at(-1)?.item ?? null) : null };
}
