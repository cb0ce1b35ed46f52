// Who may read which ledger account, and how an account is shown to each role.
//
// Auditors, coordinators and admins read every account of their community; staff read the
// accounts of the stores they work in (`ownerRef` = the store); a member reads their own hour
// account (through `/me`). An account the caller may not read answers `not_found`, exactly as
// one that does not exist, so that nobody learns which ids exist.
//
// Names: no ledger account names a person. A member's hour account is named by the member's user
// id (`时间账户 u-7q3k9x2m`, community-books.ts), a household's by its code, and store and
// community accounts name no person; so every reader is shown the ledger's own name, and screens
// that may show a member's name read it from `users` (DESIGN.md, "Security and privacy").
// Migration 0310 (member-accounts-pseudonymous) renamed the accounts opened before this rule.
// Auditors read every user id as the person's pseudonym (privacy/auditor-view.ts).
import { books, type Account } from '@linli/ledger';
import type { Principal, Role } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { fromAuditorView } from '../privacy/auditor-view.js';
import { storesOfStaff } from './store-staff.js';
import type { AccountView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { AccountView } from '@linli/contract';

const { accountIds } = books;

/** Roles that read every account of their community. */
export const bookReaders: readonly Role[] = ['auditor', 'coordinator', 'admin'];

export function accountView(account: Account): AccountView {
  return {
    id: account.id,
    unit: account.unit,
    name: account.name,
    ownerRef: account.ownerRef,
    status: account.status,
    balance: account.balance,
    available: account.available,
    held: account.held,
    incoming: account.incoming,
    lowerLimit: account.lowerLimit,
    upperLimit: account.upperLimit,
  };
}

/** A store's account: owned by the store and under its `store/<store>/` prefix. */
export function isStoreAccount(account: Pick<Account, 'id' | 'ownerRef'>, stores: readonly string[]): boolean {
  return account.ownerRef !== null && stores.includes(account.ownerRef) && account.id.startsWith(`store/${account.ownerRef}/`);
}

/**
 * The account if the caller may read it; otherwise `not_found`, as if it did not exist. An auditor
 * names a member's account as they read it, with the member's pseudonym (`member/p-…/hours`).
 */
export async function readableAccount(deps: Deps, principal: Principal, accountId: string): Promise<Account> {
  const account = await deps.ledger.getAccount(
    principal.community,
    await fromAuditorView(deps.knex, deps.pseudonyms, principal, accountId),
  );
  if (account !== undefined && (await mayRead(deps, principal, account))) return account;
  throw new ApiError('not_found', { detail: 'no such account' });
}

async function mayRead(deps: Deps, principal: Principal, account: Account): Promise<boolean> {
  if (bookReaders.includes(principal.role)) return true;
  if (principal.role === 'member') return account.id === accountIds.memberHours(principal.userId);
  if (principal.role === 'staff') return isStoreAccount(account, await storesOfStaff(deps.knex, principal.community, principal.userId));
  return false;
}

export interface AccountListQuery {
  unit?: string | undefined;
  /** Only the accounts of this store (`ownerRef`); staff who work in several stores name one. */
  store?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * A page of the accounts the caller may read, by id. Staff see only their stores' accounts: the
 * one store they work in, or the one they name; another store is `not_found`, and staff who work
 * in several stores must name one (`validation_failed`).
 */
export async function listReadableAccounts(
  deps: Deps,
  principal: Principal,
  query: AccountListQuery,
): Promise<{ items: AccountView[]; next: string | null }> {
  let store = query.store;
  let stores: string[] | undefined;
  if (principal.role === 'staff') {
    stores = await storesOfStaff(deps.knex, principal.community, principal.userId);
    if (store !== undefined && !stores.includes(store)) throw new ApiError('not_found', { detail: 'no such store' });
    if (store === undefined && stores.length > 1)
      throw new ApiError('validation_failed', {
        errors: [{ in: 'query', pointer: '/store', detail: `name one of your stores: ${stores.join(', ')}` }],
      });
    store ??= stores[0];
    if (store === undefined) return { items: [], next: null };
  } else if (!bookReaders.includes(principal.role)) {
    throw new Error(`assertion: the accounts list is not for the role ${principal.role}`);
  }
  const cursor = query.cursor === undefined ? null : await fromAuditorView(deps.knex, deps.pseudonyms, principal, query.cursor);
  const page = await deps.ledger.listAccounts(principal.community, { unit: query.unit, ownerRef: store, cursor, limit: query.limit });
  const visible = stores === undefined ? page.items : page.items.filter((account) => isStoreAccount(account, stores));
  return { items: visible.map((account) => accountView(account)), next: page.nextCursor };
}
