// Small pieces every supermarket and fund workflow shares: ids derived from the Idempotency-Key,
// the quota month, and reading stores and catalogue items of the caller's community.
import { createHash } from 'node:crypto';
import { AmountDecimal, normalizeAmount, requireAmountScale, standardUnit, type Amount } from '@linli/ledger';
import type { Knex } from 'knex';
import type { Principal } from '../auth/roles.js';
import { ApiError } from '../http-errors.js';

/** Catalogue prices are CNY amounts, at the CNY unit's scale. */
const cnyScale = standardUnit('CNY').scale;

/**
 * An id derived from the request's Idempotency-Key, its caller and what it is for, so that a retry
 * after a crash writes the same ledger transaction ids and the ledger keeps it from happening
 * twice. Idempotency keys are scoped per user, so the user is part of the hash.
 */
export function derivedId(purpose: string, principal: Principal, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) throw new Error(`assertion: ${purpose} needs an idempotent route`);
  const digest = createHash('sha256').update(`${principal.community}\n${principal.userId}\n${purpose}\n${idempotencyKey}`).digest('hex');
  return digest.slice(0, 20);
}

/**
 * Quotas run per calendar month in China Standard Time, a fixed UTC+08:00 without daylight saving,
 * so a handout at 23:30 on the last day counts in that month wherever the server runs.
 */
export function chinaMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** Exact arithmetic on decimal strings (the ledger's decimal type). */
export function decimal(value: string | number): Amount {
  return new AmountDecimal(value);
}

export function toScale(value: Amount, scale: number): string {
  return normalizeAmount(value.toFixed(), scale);
}

export interface CatalogueRecord {
  code: string;
  name: string;
  scale: 0 | 3;
  unitPrice: string;
  barcode: string | null;
}

interface CatalogueRow {
  code: string;
  name: string;
  scale: number | string;
  unit_price: string;
  barcode: string | null;
}

export const catalogueColumns = ['code', 'name', 'scale', 'unit_price', 'barcode'] as const;

export function catalogueFromRow(row: CatalogueRow): CatalogueRecord {
  return {
    code: row.code,
    name: row.name,
    scale: Number(row.scale) === 3 ? 3 : 0,
    unitPrice: normalizeAmount(row.unit_price, cnyScale),
    barcode: row.barcode,
  };
}

/** The catalogue items named, by code; those not in the community's catalogue are absent. */
export async function findCatalogueItems(db: Knex, community: string, codes: readonly string[]): Promise<Map<string, CatalogueRecord>> {
  if (codes.length === 0) return new Map();
  const rows = (await db('catalogue_items')
    .select(catalogueColumns)
    .where({ community_id: community })
    .whereIn('code', [...new Set(codes)])) as CatalogueRow[];
  return new Map(rows.map((row) => [row.code, catalogueFromRow(row)]));
}

/**
 * Every line's item must be in the catalogue (`item_not_in_catalogue`, naming the first missing
 * one), and its quantity must fit the item's scale (the ledger's own `amount_scale_exceeded`,
 * refused before anything is written).
 */
export async function requireCatalogueLines(
  db: Knex,
  community: string,
  lines: readonly { item: string; quantity: string }[],
  field = 'items',
): Promise<Map<string, CatalogueRecord>> {
  const items = await findCatalogueItems(
    db,
    community,
    lines.map((line) => line.item),
  );
  for (const [index, line] of lines.entries()) {
    const item = items.get(line.item);
    if (item === undefined) {
      throw new ApiError('item_not_in_catalogue', {
        detail: `${line.item} is not in the catalogue`,
        errors: [{ in: 'body', pointer: `/${field}/${index}/item`, detail: 'not in the catalogue' }],
      });
    }
    requireScale(line.quantity, item.scale, `${field} ${index}: ${line.item}`);
  }
  return items;
}

export function requireScale(quantity: string, scale: number, what: string): void {
  requireAmountScale(quantity, scale, what);
}

/** Rejections: `not_found` (also for another community's store). */
export async function requireStore(db: Knex, community: string, store: string): Promise<{ id: string; name: string }> {
  const row = await db('stores')
    .select('id', 'name')
    .where({ community_id: community, id: store })
    .first<{ id: string; name: string } | undefined>();
  if (row === undefined) throw new ApiError('not_found', { detail: `no store ${store}` });
  return row;
}

/** Rejections: `not_found` (also for another community's fund). */
export async function requireFund(db: Knex, community: string, fund: string): Promise<{ code: string; name: string }> {
  const row = await db('funds')
    .select('code', 'name')
    .where({ community_id: community, code: fund })
    .first<{ code: string; name: string } | undefined>();
  if (row === undefined) throw new ApiError('not_found', { detail: `no fund ${fund}` });
  return row;
}
