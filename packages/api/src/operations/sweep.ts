// Removing rows whose time is over: Idempotency-Keys past their retention and refresh tokens past
// their expiry (`linli sweep`, from a timer or cron). Neither is needed once expired: an expired
// key may be claimed afresh anyway, and an expired refresh token is refused whatever its state.
import type { Knex } from 'knex';

/** Rows deleted per statement, so a long-neglected table is swept without one huge transaction. */
export const sweepBatchRows = 5_000;
/** Statements per table in one sweep: the bound on its work (5 million rows). */
export const sweepBatchesMax = 1_000;

export interface SweepCounts {
  idempotencyKeys: number;
  refreshTokens: number;
}

export const sweptTables = { idempotencyKeys: 'idempotency_keys', refreshTokens: 'refresh_tokens' } as const;

/** Deletes expired rows of both tables a batch at a time; `onBatch` hears each batch's count. */
export async function sweepExpired(
  knex: Knex,
  now: Date,
  onBatch: (table: keyof SweepCounts, deleted: number) => void = () => {},
): Promise<SweepCounts> {
  const counts: SweepCounts = { idempotencyKeys: 0, refreshTokens: 0 };
  for (const [name, table] of Object.entries(sweptTables) as [keyof SweepCounts, string][]) {
    for (let batch = 0; batch < sweepBatchesMax; batch += 1) {
      // ctid picks the batch's rows without needing a key of one column.
      const result = (await knex.raw(
        `delete from ${table} where ctid in (select ctid from ${table} where expires_at <= ? limit ${sweepBatchRows})`,
        [now],
      )) as { rowCount?: number; affectedRows?: number };
      const deleted = result.rowCount ?? result.affectedRows ?? 0;
      counts[name] += deleted;
      onBatch(name, deleted);
      if (deleted < sweepBatchRows) break;
    }
  }
  return counts;
}
