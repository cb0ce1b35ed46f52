// The audit log of privileged actions: written in the same transaction as the action itself.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { toIso } from '../database-values.js';

/** Every action that is logged; a new privileged action adds its name here. */
export const auditActions = [
  'community.seeded',
  'user.created',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'user.renamed',
  'user.password_reset',
  'user.password_changed',
  'member.created',
  'member.updated',
  'household.created',
  'household.updated',
  'household.personal_viewed',
  'ledger.gift_on_behalf',
  'ledger.transfer_on_behalf',
  'ledger.journal_exported',
  'ledger.holds_expired',
  'store.created',
  'store.staff_assigned',
  'store.staff_unassigned',
  'catalogue_item.created',
  'redemption_rules.updated',
  'stock_count.recorded',
  'stock_count.confirmed',
  'stock_count.finalized',
  'fund.created',
  'donor.personal_viewed',
  'import.completed',
  'need.urgent_launched',
  'application.accepted',
  'application.declined',
  // The operator's command line and the service's own schedule.
  'community.created',
  'user.password_changed',
  'ledger.tamper_check_failed',
  'personal_data.resealed',
] as const;

export type AuditAction = (typeof auditActions)[number];

/** Details hold ids, codes, roles and counts: never personal data in clear. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export interface AuditEntryInput {
  community: string;
  /** The acting user's id, or `system`. */
  actor: string;
  action: AuditAction;
  /** What was acted on: `user:u-…`, `household:HH-…`, `households`. */
  target: string;
  details?: AuditDetails | undefined;
}

export interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  target: string;
  at: string;
  details: Record<string, unknown>;
}

export async function recordAudit(db: Knex, entry: AuditEntryInput, at: Date): Promise<void> {
  await db('audit_log').insert({
    community_id: entry.community,
    id: randomUUID(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    at,
    details: JSON.stringify(entry.details ?? {}),
  });
}

interface AuditRow {
  id: string;
  actor: string;
  action: string;
  target: string;
  at: Date | string;
  details: Record<string, unknown> | string;
}

/** Newest first; `before` (`<at>~<id>` of an entry) pages back from that entry. The id is a uuid, whose order no collation touches. */
export async function listAudit(db: Knex, community: string, page: { limit: number; before?: string | undefined }): Promise<AuditEntry[]> {
  const query = db('audit_log')
    .select('id', 'actor', 'action', 'target', 'at', 'details')
    .where({ community_id: community })
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.limit);
  if (page.before !== undefined) {
    const [at = '', id = ''] = page.before.split('~');
    query.andWhereRaw('(at, id) < (?, ?)', [new Date(at), id]);
  }
  const rows = (await query) as AuditRow[];
  return rows.map((row) => ({
    id: row.id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    at: toIso(row.at),
    details: typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details,
  }));
}
