// A community's redemption rules: love points per item unit, monthly quotas per household and
// item, and the hour rule under which members may redeem banked hours for goods.
import type { Knex } from 'knex';
import { normalizeAmount } from '@linli/ledger';
import { recordAudit } from '../audit/audit-log.js';
import type { Principal } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { findCatalogueItems } from './supermarket-support.js';

import { itemRulesMax } from '@linli/contract';
import type { RedemptionRulesView } from '@linli/contract';

export { itemRulesMax };

export interface ItemRule {
  item: string;
  /** Whole love points per unit (per piece, or per kilogram). */
  pointsPerUnit: string;
  /** Units per household per calendar month; null: no quota. */
  monthlyQuota: string | null;
}

export interface HourRule {
  enabled: boolean;
  /** Hours a member must have banked (balance) before redeeming any. */
  minBankedHours: string;
  /** The largest share of the balance one redemption may use, e.g. "0.30". */
  maxShare: string;
  /** Love points one hour buys: goods priced in points cost points ÷ this many hours. */
  pointsPerHour: string;
}

export type RedemptionRules = RedemptionRulesView;

/** Until an admin sets them: Nanjing's hour rule, switched off. */
export const hourRuleDefault: HourRule = { enabled: false, minBankedHours: '20.00', maxShare: '0.3000', pointsPerHour: '10' };

interface ItemRuleRow {
  item_code: string;
  points_per_unit: string;
  monthly_quota: string | null;
}

interface HourRuleRow {
  enabled: boolean;
  min_banked_hours: string;
  max_share: string;
  points_per_hour: string;
}

function itemRuleFromRow(row: ItemRuleRow): ItemRule {
  return {
    item: row.item_code,
    pointsPerUnit: normalizeAmount(row.points_per_unit, 0),
    monthlyQuota: row.monthly_quota === null ? null : normalizeAmount(row.monthly_quota, 3),
  };
}

export async function readRedemptionRules(db: Knex, community: string): Promise<RedemptionRules> {
  const items = (
    (await db('redemption_rules')
      .select('item_code', 'points_per_unit', 'monthly_quota')
      .where({ community_id: community })
      .orderByRaw('item_code collate "C"')
      .limit(itemRulesMax)) as ItemRuleRow[]
  ).map(itemRuleFromRow);
  return { items, hours: await readHourRule(db, community) };
}

export async function readHourRule(db: Knex, community: string): Promise<HourRule> {
  const row = await db('hour_redemption_rules')
    .select('enabled', 'min_banked_hours', 'max_share', 'points_per_hour')
    .where({ community_id: community })
    .first<HourRuleRow | undefined>();
  if (row === undefined) return hourRuleDefault;
  return {
    enabled: row.enabled,
    minBankedHours: normalizeAmount(row.min_banked_hours, 2),
    maxShare: normalizeAmount(row.max_share, 4),
    pointsPerHour: normalizeAmount(row.points_per_hour, 0),
  };
}

/** The rules of the items named, by item code; items without a rule are free and without quota. */
export async function readItemRules(db: Knex, community: string, items: readonly string[]): Promise<Map<string, ItemRule>> {
  if (items.length === 0) return new Map();
  const rows = (await db('redemption_rules')
    .select('item_code', 'points_per_unit', 'monthly_quota')
    .where({ community_id: community })
    .whereIn('item_code', [...new Set(items)])) as ItemRuleRow[];
  return new Map(rows.map((row) => [row.item_code, itemRuleFromRow(row)]));
}

/** Replaces the whole rule set (audited). Rejections: `item_not_in_catalogue`. */
export async function replaceRedemptionRules(deps: Deps, actor: Principal, rules: RedemptionRules): Promise<RedemptionRules> {
  const community = actor.community;
  const known = await findCatalogueItems(
    deps.knex,
    community,
    rules.items.map((rule) => rule.item),
  );
  for (const [index, rule] of rules.items.entries()) {
    if (!known.has(rule.item))
      throw new ApiError('item_not_in_catalogue', {
        detail: `${rule.item} is not in the catalogue`,
        errors: [{ in: 'body', pointer: `/items/${index}/item`, detail: 'not in the catalogue' }],
      });
  }
  await writeRedemptionRules(deps.knex, community, rules, deps.now());
  await recordAudit(
    deps.knex,
    {
      community,
      actor: actor.userId,
      action: 'redemption_rules.updated',
      target: 'redemption-rules',
      details: { items: rules.items.length, hoursEnabled: rules.hours.enabled },
    },
    deps.now(),
  );
  return readRedemptionRules(deps.knex, community);
}

export async function writeRedemptionRules(db: Knex, community: string, rules: RedemptionRules, now: Date): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('redemption_rules').where({ community_id: community }).delete();
    if (rules.items.length > 0) {
      await trx('redemption_rules').insert(
        rules.items.map((rule) => ({
          community_id: community,
          item_code: rule.item,
          points_per_unit: rule.pointsPerUnit,
          monthly_quota: rule.monthlyQuota,
        })),
      );
    }
    const hours = {
      enabled: rules.hours.enabled,
      min_banked_hours: rules.hours.minBankedHours,
      max_share: rules.hours.maxShare,
      points_per_hour: rules.hours.pointsPerHour,
      updated_at: now,
    };
    await trx('hour_redemption_rules')
      .insert({ community_id: community, ...hours })
      .onConflict('community_id')
      .merge(hours);
  });
}
