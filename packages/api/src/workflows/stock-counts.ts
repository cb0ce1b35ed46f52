// Stock counts: counted → confirmed (a reason per difference) → finalized (the differences
// posted to the variance accounts as one linked batch).
import { books, normalizeAmount } from '@linli/ledger';
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import { toIso } from '../database-values.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { mayWorkIn, requireStoreOf } from './store-staff.js';
import { decimal, derivedId, requireCatalogueLines, toScale } from './supermarket-support.js';

import { stockCountLinesMax, varianceReasons, type VarianceReason } from '@linli/contract';
import type { StockCountView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { StockCountLineView, StockCountView } from '@linli/contract';

export { stockCountLinesMax, varianceReasons, type VarianceReason };

const { stockVariance, accountIds } = books;

export type StockCountStatus = 'counted' | 'confirmed' | 'finalized';

/**
 * Records a count: for each line, the book balance now and the difference from what was counted.
 * The difference is what finalization posts, even if goods move in between: it is the gap found
 * at the moment of counting. Rejections: `not_found` (store, also one the staff user is not
 * assigned to), `item_not_in_catalogue`,
 * `amount_scale_exceeded`.
 */
export async function recordStockCount(
  deps: Deps,
  actor: Principal,
  input: { store: string; lines: { item: string; counted: string }[] },
  idempotencyKey: string | undefined,
): Promise<StockCountView> {
  const community = actor.community;
  await requireStoreOf(deps.knex, actor, input.store);
  const items = await requireCatalogueLines(
    deps.knex,
    community,
    input.lines.map((line) => ({ item: line.item, quantity: line.counted })),
    'lines',
  );
  const id = `sc-${derivedId('stock-count', actor, idempotencyKey)}`;
  const lines: Record<string, string>[] = [];
  for (const line of input.lines) {
    const scale = items.get(line.item)?.scale ?? 0;
    const account = await deps.ledger.balance(community, accountIds.stock(input.store, line.item));
    const book = decimal(account?.balance ?? '0');
    lines.push({
      community_id: community,
      count_id: id,
      item_code: line.item,
      book: toScale(book, scale),
      counted: line.counted,
      difference: toScale(decimal(line.counted).minus(book), scale),
    });
  }
  const now = deps.now();
  await deps.knex.transaction(async (trx) => {
    const inserted = (await trx('stock_counts')
      .insert({ community_id: community, id, store_id: input.store, status: 'counted', counted_by: actor.userId, counted_at: now })
      .onConflict(['community_id', 'id'])
      .ignore()
      .returning('id')) as unknown[];
    if (inserted.length === 0) return;
    await trx('stock_count_lines').insert(lines);
    await recordAudit(
      trx,
      {
        community,
        actor: actor.userId,
        action: 'stock_count.recorded',
        target: `stock-count:${id}`,
        details: { store: input.store, lines: lines.length },
      },
      now,
    );
  });
  return getStockCount(deps.knex, community, id);
}

/**
 * Confirms a counted count with a reason for every non-zero difference. Rejections: `not_found`
 * (also a count of a store the staff user is not assigned to),
 * `stock_count_state_invalid` (not `counted`), `validation_failed` (a difference without a
 * reason, or a reason for an item that is not in the count).
 */
export async function confirmStockCount(
  deps: Deps,
  actor: Principal,
  id: string,
  reasons: readonly { item: string; reason: VarianceReason }[],
): Promise<StockCountView> {
  const community = actor.community;
  const now = deps.now();
  await deps.knex.transaction(async (trx) => {
    const count = await lockCount(trx, community, id);
    await requireCountStore(trx, actor, count.store_id);
    if (count.status !== 'counted')
      throw new ApiError('stock_count_state_invalid', { detail: `the count is ${count.status}; only a counted count can be confirmed` });
    const lines = (await trx('stock_count_lines').select('item_code', 'difference').where({ community_id: community, count_id: id })) as {
      item_code: string;
      difference: string;
    }[];
    const given = new Map(reasons.map((entry) => [entry.item, entry.reason]));
    const problems = [];
    for (const [index, entry] of reasons.entries()) {
      if (!lines.some((line) => line.item_code === entry.item))
        problems.push({ in: 'body' as const, pointer: `/reasons/${index}/item`, detail: 'not an item of this count' });
    }
    for (const line of lines) {
      if (!decimal(line.difference).isZero() && !given.has(line.item_code))
        problems.push({
          in: 'body' as const,
          pointer: '/reasons',
          detail: `${line.item_code}: a difference of ${line.difference} needs a reason`,
        });
    }
    if (problems.length > 0) throw new ApiError('validation_failed', { errors: problems.slice(0, 20) });
    for (const line of lines) {
      const reason = decimal(line.difference).isZero() ? null : (given.get(line.item_code) ?? null);
      await trx('stock_count_lines').where({ community_id: community, count_id: id, item_code: line.item_code }).update({ reason });
    }
    await trx('stock_counts')
      .where({ community_id: community, id })
      .update({ status: 'confirmed', confirmed_by: actor.userId, confirmed_at: now });
    await recordAudit(trx, { community, actor: actor.userId, action: 'stock_count.confirmed', target: `stock-count:${id}` }, now);
  });
  return getStockCount(deps.knex, community, id);
}

/**
 * Posts every non-zero difference of a confirmed count to its variance account, as one linked
 * batch (all or none), then marks the count finalized. The transaction ids come from the count,
 * so two finalizations at once post once. Rejections: `not_found`, `stock_count_state_invalid`
 * (not `confirmed`), and the ledger's (`exceeds_lower_limit` when stock has since fallen below a
 * loss being posted).
 */
export async function finalizeStockCount(deps: Deps, actor: Principal, id: string): Promise<StockCountView> {
  const community = actor.community;
  const count = await getStockCount(deps.knex, community, id);
  if (count.status !== 'confirmed')
    throw new ApiError('stock_count_state_invalid', { detail: `the count is ${count.status}; only a confirmed count can be finalized` });
  const differing = count.lines.filter((line) => !decimal(line.difference).isZero());
  if (differing.length > 0) {
    await deps.ledger.postLinked(
      community,
      differing.map((line) => {
        if (line.reason === null) throw new Error('assertion: a confirmed count has a reason for every difference');
        return stockVariance({
          community,
          id: varianceTransactionId(id, line.item),
          actor: actor.userId,
          store: count.store,
          item: line.item,
          difference: line.difference,
          reason: line.reason,
          countId: id,
        });
      }),
    );
  }
  const now = deps.now();
  await deps.knex.transaction(async (trx) => {
    const updated = await trx('stock_counts')
      .where({ community_id: community, id, status: 'confirmed' })
      .update({ status: 'finalized', finalized_by: actor.userId, finalized_at: now });
    if (updated > 0)
      await recordAudit(
        trx,
        {
          community,
          actor: actor.userId,
          action: 'stock_count.finalized',
          target: `stock-count:${id}`,
          details: { transactions: differing.length },
        },
        now,
      );
  });
  return getStockCount(deps.knex, community, id);
}

function varianceTransactionId(countId: string, item: string): string {
  return `stock-count/${countId}/${item}`;
}

interface CountRow {
  id: string;
  store_id: string;
  status: StockCountStatus;
  counted_by: string;
  counted_at: Date | string;
  confirmed_by: string | null;
  confirmed_at: Date | string | null;
  finalized_by: string | null;
  finalized_at: Date | string | null;
}

const countColumns = [
  'id',
  'store_id',
  'status',
  'counted_by',
  'counted_at',
  'confirmed_by',
  'confirmed_at',
  'finalized_by',
  'finalized_at',
] as const;

async function lockCount(trx: Knex.Transaction, community: string, id: string): Promise<CountRow> {
  const row = await trx('stock_counts')
    .select(countColumns)
    .where({ community_id: community, id })
    .forUpdate()
    .first<CountRow | undefined>();
  if (row === undefined) throw new ApiError('not_found');
  return row;
}

/** A staff user sees only the counts of their stores; any other is `not_found`, as if it did not exist. */
async function requireCountStore(db: Knex, viewer: Principal, store: string): Promise<void> {
  if (!(await mayWorkIn(db, viewer, store))) throw new ApiError('not_found');
}

/** One count as the viewer may see it. Rejections: `not_found` (also another community's count, or another store's for staff). */
export async function readStockCount(db: Knex, viewer: Principal, id: string): Promise<StockCountView> {
  const count = await getStockCount(db, viewer.community, id);
  await requireCountStore(db, viewer, count.store);
  return count;
}

/** Rejections: `not_found` (also another community's count). */
export async function getStockCount(db: Knex, community: string, id: string): Promise<StockCountView> {
  const row = await db('stock_counts').select(countColumns).where({ community_id: community, id }).first<CountRow | undefined>();
  if (row === undefined) throw new ApiError('not_found');
  const lines = (await db('stock_count_lines as l')
    .join('catalogue_items as c', function joinOn() {
      this.on('c.community_id', '=', 'l.community_id').andOn('c.code', '=', 'l.item_code');
    })
    .select('l.item_code', 'l.book', 'l.counted', 'l.difference', 'l.reason', 'c.scale')
    .where({ 'l.community_id': community, 'l.count_id': id })
    .orderByRaw('l.item_code collate "C"')) as {
    item_code: string;
    book: string;
    counted: string;
    difference: string;
    reason: VarianceReason | null;
    scale: number | string;
  }[];
  const lineViews = lines.map((line) => {
    const scale = Number(line.scale);
    return {
      item: line.item_code,
      book: normalizeAmount(line.book, scale),
      counted: normalizeAmount(line.counted, scale),
      difference: normalizeAmount(line.difference, scale),
      reason: line.reason,
    };
  });
  return {
    id: row.id,
    store: row.store_id,
    status: row.status,
    countedBy: row.counted_by,
    countedAt: toIso(row.counted_at),
    confirmedBy: row.confirmed_by,
    confirmedAt: row.confirmed_at === null ? null : toIso(row.confirmed_at),
    finalizedBy: row.finalized_by,
    finalizedAt: row.finalized_at === null ? null : toIso(row.finalized_at),
    lines: lineViews,
    transactions:
      row.status === 'finalized'
        ? lineViews.filter((line) => !decimal(line.difference).isZero()).map((line) => varianceTransactionId(row.id, line.item))
        : [],
  };
}
