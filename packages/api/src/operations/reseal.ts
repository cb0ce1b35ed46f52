// Sealing personal data again with the current data key after a rotation (`linli reseal`), so
// that the previous key can be retired. Resumable: each batch commits on its own, and a value
// already sealed with the current key is never touched again, so a run that was stopped is
// continued by running it again.
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-log.js';
import { dataKeyId, Sealer, SealedDataError } from '../crypto/sealed.js';
import { personalContext as householdContext } from '../workflows/households.js';
import { phoneContext } from '../workflows/members.js';
import { addressContext } from '../workflows/needs.js';
import { applicationSealedColumns } from '../workflows/applications.js';
import { personalContext as donorContext } from '../workflows/donations.js';
import { operatorActor } from './community-setup.js';
import { OperationRefusal } from './operation-refusal.js';

/** Every column holding a sealed value, with its row key and the context it was sealed under. */
export const sealedColumns = [
  { table: 'member_profiles', column: 'phone_sealed', key: 'user_id', context: phoneContext },
  { table: 'households', column: 'personal_sealed', key: 'code', context: householdContext },
  { table: 'donors', column: 'personal_sealed', key: 'ref', context: donorContext },
  { table: 'needs', column: 'address_sealed', key: 'id', context: addressContext },
  ...applicationSealedColumns.map((sealed) => ({
    table: 'membership_applications',
    column: sealed.column,
    key: 'id',
    context: sealed.context,
  })),
] as const;

/** Rows per transaction: small enough not to hold locks long beside a running service. */
export const resealBatchRows = 200;

export interface ResealPlan {
  currentKeyId: string;
  /** Values to seal again, per column (`households.personal_sealed`). */
  toReseal: Record<string, number>;
  total: number;
  /**
   * Consent notes sealed inside audit log entries with an older key, by key id: the audit log is
   * append-only, so they stay as they are and open only while that key is kept among the previous keys.
   */
  auditLogByOlderKey: Record<string, number>;
}

export interface ResealOutcome {
  resealed: number;
  /** Values changed by the service between reading and writing (sealed anew by it). */
  changedMeanwhile: number;
  byCommunity: Record<string, number>;
}

export interface DataKeys {
  current: Buffer;
  previous: readonly Buffer[];
}

const keyIdSql = (column: string): string => `split_part(${column}, '.', 2)`;

/**
 * Counts what a reseal would do, and refuses (`sealed_with_unknown_key`) when a value is sealed
 * with a key that neither the current nor a previous key is: nothing could open it, and the
 * operator must find that key before anything changes.
 */
export async function planReseal(knex: Knex, keys: DataKeys): Promise<ResealPlan> {
  const currentKeyId = dataKeyId(keys.current);
  const known = new Set([currentKeyId, ...keys.previous.map(dataKeyId)]);
  const toReseal: Record<string, number> = {};
  const unknown = new Map<string, number>();
  let total = 0;
  for (const sealed of sealedColumns) {
    const rows = (await knex(sealed.table)
      .select(knex.raw(`${keyIdSql(sealed.column)} as key_id`))
      .count({ values: '*' })
      .whereNotNull(sealed.column)
      .groupByRaw(keyIdSql(sealed.column))) as { key_id: string; values: string | number }[];
    let count = 0;
    for (const row of rows) {
      if (!known.has(row.key_id)) unknown.set(row.key_id, (unknown.get(row.key_id) ?? 0) + Number(row.values));
      else if (row.key_id !== currentKeyId) count += Number(row.values);
    }
    toReseal[`${sealed.table}.${sealed.column}`] = count;
    total += count;
  }
  if (unknown.size > 0) {
    const list = [...unknown].map(([id, count]) => `${count} with key ${id}`).join(', ');
    throw new OperationRefusal(
      'sealed_with_unknown_key',
      `some personal data is sealed with keys this command was not given (${list}): add each such key to LINLI_DATA_KEYS_PREVIOUS; nothing was changed`,
    );
  }
  const auditRows = (await knex('audit_log')
    .select(knex.raw(`split_part(details->>'consentNoteSealed', '.', 2) as key_id`))
    .count({ values: '*' })
    .whereRaw(`details->>'consentNoteSealed' is not null`)
    .groupByRaw(`split_part(details->>'consentNoteSealed', '.', 2)`)) as { key_id: string; values: string | number }[];
  const auditLogByOlderKey = Object.fromEntries(
    auditRows.filter((row) => row.key_id !== currentKeyId).map((row) => [row.key_id, Number(row.values)]),
  );
  return { currentKeyId, toReseal, total, auditLogByOlderKey };
}

/**
 * Seals every value not sealed with the current key again with it, a batch per transaction. A
 * row is written only if it still holds the value read (compare and set), so a change the running
 * service made meanwhile (already sealed with the current key, once the service runs with it) is
 * never overwritten. Each community that had values resealed gets one audit entry
 * (`personal_data.resealed`, with its count). `onProgress` hears the running count.
 */
export async function reseal(knex: Knex, keys: DataKeys, now: Date, onProgress: (done: number) => void = () => {}): Promise<ResealOutcome> {
  const sealer = new Sealer(keys.current, keys.previous);
  const currentKeyId = sealer.currentKeyId;
  const outcome: ResealOutcome = { resealed: 0, changedMeanwhile: 0, byCommunity: {} };
  for (const sealed of sealedColumns) {
    let after: [string, string] | undefined;
    for (;;) {
      const query = knex(sealed.table)
        .select({ community: 'community_id', key: sealed.key, value: sealed.column })
        .whereNotNull(sealed.column)
        .whereRaw(`${keyIdSql(sealed.column)} <> ?`, [currentKeyId])
        .orderBy([{ column: 'community_id' }, { column: sealed.key }])
        .limit(resealBatchRows);
      if (after !== undefined) query.whereRaw(`(community_id, ${sealed.key}) > (?, ?)`, after);
      const rows = (await query) as { community: string; key: string; value: string }[];
      if (rows.length === 0) break;
      await knex.transaction(async (trx) => {
        for (const row of rows) {
          const context = sealed.context(row.community, row.key);
          let plaintext: string;
          try {
            plaintext = sealer.open(row.value, context);
          } catch (error) {
            if (error instanceof SealedDataError)
              throw new Error(`${sealed.table} ${row.community}/${row.key}: ${error.message}; nothing of this batch was changed`);
            throw error;
          }
          const updated = await trx(sealed.table)
            .where({ community_id: row.community, [sealed.key]: row.key, [sealed.column]: row.value })
            .update({ [sealed.column]: sealer.seal(plaintext, context) });
          if (updated === 1) {
            outcome.resealed += 1;
            outcome.byCommunity[row.community] = (outcome.byCommunity[row.community] ?? 0) + 1;
          } else {
            outcome.changedMeanwhile += 1;
          }
        }
      });
      const last = rows[rows.length - 1];
      if (last === undefined) break;
      after = [last.community, last.key];
      onProgress(outcome.resealed + outcome.changedMeanwhile);
    }
  }
  for (const [community, count] of Object.entries(outcome.byCommunity)) {
    if ((await knex('community_profiles').where({ community_id: community }).first()) === undefined) continue;
    await recordAudit(
      knex,
      {
        community,
        actor: operatorActor,
        action: 'personal_data.resealed',
        target: `community:${community}`,
        details: { values: count, key: currentKeyId },
      },
      now,
    );
  }
  return outcome;
}
