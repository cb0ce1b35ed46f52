// The demo's supermarket rows beside the ledger accounts `seedDemoHistory` opened: its store,
// catalogue (with prices and barcodes), fund, and redemption rules, so that the supermarket
// routes work on the demo from the first start.
import type { Knex } from 'knex';
import { demoCatalogue, demoFund, demoStore } from './demo-history.js';
import { writeRedemptionRules, type RedemptionRules } from './redemption-rules.js';

const demoRules: RedemptionRules = {
  items: [
    { item: 'rice-5kg', pointsPerUnit: '30', monthlyQuota: '2' },
    { item: 'oil-1l', pointsPerUnit: '15', monthlyQuota: '2' },
    { item: 'milk-box', pointsPerUnit: '40', monthlyQuota: '1' },
    { item: 'flour-kg', pointsPerUnit: '5', monthlyQuota: '5.000' },
    { item: 'winter-coat', pointsPerUnit: '0', monthlyQuota: '1' },
  ],
  // Nanjing's rule: 20 banked hours first, at most 30% of the balance, 10 points an hour.
  hours: { enabled: true, minBankedHours: '20.00', maxShare: '0.30', pointsPerHour: '10' },
};

/** Safe to run again: rows that exist are left as they are (the rules are written only once). */
export async function seedDemoSupermarket(db: Knex, community: string, now: Date): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('stores')
      .insert({ community_id: community, id: demoStore, name: '仙林慈善超市' })
      .onConflict(['community_id', 'id'])
      .ignore();
    for (const [index, item] of demoCatalogue.entries()) {
      await trx('catalogue_items')
        .insert({
          community_id: community,
          code: item.code,
          name: item.name,
          scale: item.scale,
          unit_price: item.priceYuan,
          barcode: `69000000000${index + 1}`,
          created_by: 'system',
        })
        .onConflict(['community_id', 'code'])
        .ignore();
    }
    await trx('funds')
      .insert({ community_id: community, code: demoFund, name: '助老慈善基金 Elderly care fund', created_by: 'system' })
      .onConflict(['community_id', 'code'])
      .ignore();
    await trx('fund_projects')
      .insert({ community_id: community, fund_code: demoFund, code: 'meal-delivery', name: '助餐送餐项目 Meal delivery' })
      .onConflict(['community_id', 'fund_code', 'code'])
      .ignore();
  });
  const ruled = await db('hour_redemption_rules')
    .select('community_id')
    .where({ community_id: community })
    .first<{ community_id: string } | undefined>();
  if (ruled === undefined) await writeRedemptionRules(db, community, demoRules, now);
}
