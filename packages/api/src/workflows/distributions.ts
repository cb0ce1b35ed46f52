// Handing goods to a household for love points, or to a member for banked hours, within the
// community's redemption rules and monthly quotas.
import { AmountDecimal, books, normalizeAmount, type Amount, type Transaction, type TransactionInput } from '@linli/ledger';
import type { Knex } from 'knex';
import type { Principal } from '../auth/roles.js';
import type { Deps } from '../deps.js';
import { ApiError, isLedgerRejection } from '../http-errors.js';
import { readHourRule, readItemRules, readRedemptionRules, type HourRule, type ItemRule } from './redemption-rules.js';
import { requireStoreOf } from './store-staff.js';
import { chinaMonth, decimal, derivedId, findCatalogueItems, requireCatalogueLines, toScale } from './supermarket-support.js';

import { distributionLinesMax } from '@linli/contract';
import type { DistributionView, HouseholdSupermarketView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { DistributionView, HouseholdSupermarketView } from '@linli/contract';

export { distributionLinesMax };

const { distribution, accountIds } = books;

/** Where hours redeemed for goods go: out of the member's account, kept apart from the issuance. */
export const hoursRedeemedAccount = 'hours/redeemed';

export type Recipient = { household: string } | { member: string };

export interface DistributionInput {
  store: string;
  recipient: Recipient;
  items: { item: string; quantity: string }[];
  /** What the counter showed, as a check: refused (`points_mismatch`) unless the rules give the same. */
  points?: string | undefined;
  memo?: string | undefined;
}

/**
 * Love points a handout costs: each item's points per unit times its quantity, summed, and
 * rounded up to whole points (weighed goods can come to a fraction).
 */
export function pointsDue(items: readonly { item: string; quantity: string }[], rules: ReadonlyMap<string, ItemRule>): string {
  const total = items.reduce((sum, line) => sum.plus(decimal(rules.get(line.item)?.pointsPerUnit ?? '0').times(line.quantity)), decimal(0));
  return toScale(total.toDecimalPlaces(0, AmountDecimal.ROUND_UP), 0);
}

/** Hours for a price in points at the operator's rate, rounded up to the hundredth of an hour. */
export function hoursFor(points: string, pointsPerHour: string): string {
  return toScale(decimal(points).dividedBy(pointsPerHour).toDecimalPlaces(2, AmountDecimal.ROUND_UP), 2);
}

interface Prepared {
  id: string;
  month: string;
  kind: 'household' | 'member';
  recipient: string;
  points: string;
  hours: string;
  transaction: TransactionInput;
  /** For a member: the hour rule that the floor on their hours posting stands for. */
  rule?: HourRule;
}

/**
 * The balance a member must have before redeeming `hours` under the hour rule: at least
 * `minBankedHours`, and enough that the hours are at most `maxShare` of it. Hours and balances
 * are whole hundredths, so hours ≤ share × balance exactly when balance ≥ hours ÷ share rounded
 * up to the hundredth.
 */
export function redemptionBalanceNeeded(rule: HourRule, hours: string): Amount {
  return AmountDecimal.max(
    decimal(rule.minBankedHours),
    decimal(hours).dividedBy(rule.maxShare).toDecimalPlaces(2, AmountDecimal.ROUND_UP),
  );
}

/**
 * The floor on the member's hours posting: the hour rule as one bound on the balance the
 * redemption leaves (before ≥ needed ⇔ after ≥ needed − hours), which the ledger checks as it
 * posts, so redemptions at the same instant cannot each pass on the same balance.
 */
export function redemptionFloor(rule: HourRule, hours: string): string {
  return toScale(redemptionBalanceNeeded(rule, hours).minus(hours), 2);
}

/** Why the hour rule refuses redeeming `hours` from the available balance `available`, in the service's words; undefined if it allows it. */
function hourRuleRefusal(rule: HourRule, available: string, hours: string): string | undefined {
  const balance = decimal(available);
  if (balance.lessThan(rule.minBankedHours))
    return `hours can be redeemed from ${rule.minBankedHours} banked hours; the balance is ${available}`;
  const allowed = balance.times(rule.maxShare).toDecimalPlaces(2, AmountDecimal.ROUND_DOWN);
  if (decimal(hours).greaterThan(allowed))
    return `these goods cost ${hours} hours; at most ${toScale(allowed, 2)} (${rule.maxShare} of ${available}) may be redeemed at once`;
  return undefined;
}

/**
 * Records a handout. Checks, in this order: `not_found` (store, also one the staff user is not assigned to), `item_not_in_catalogue`,
 * `amount_scale_exceeded`, `points_mismatch`, `not_found` (household or member),
 * `redemption_not_eligible` (a member: the community redeems no hours, or free goods below the minimum),
 * `quota_exceeded`; then, as the ledger posts, `points_insufficient` (a household), then
 * `redemption_not_eligible` (a member: the hour rule), then the ledger's (`exceeds_lower_limit`
 * when stock is short).
 *
 * Quota: the handout is first reserved in `distributions` under a lock on the recipient's row, so
 * two handouts at once cannot both pass the same quota; then posted to the ledger; a refusal
 * there deletes the reservation. Balances: the ledger checks them in the posting itself (the
 * household's points by its account's lower limit, 0; the member's hour rule by a floor on their
 * hours posting, `redemptionFloor`), so handouts at the same instant cannot both spend the same
 * points or hours; nothing is read first to decide.
 */
export async function distribute(
  deps: Deps,
  actor: Principal,
  input: DistributionInput,
  idempotencyKey: string | undefined,
): Promise<DistributionView> {
  const community = actor.community;
  await requireStoreOf(deps.knex, actor, input.store);
  await requireCatalogueLines(deps.knex, community, input.items);
  const rules = await readItemRules(
    deps.knex,
    community,
    input.items.map((line) => line.item),
  );
  const points = pointsDue(input.items, rules);
  if (input.points !== undefined && !decimal(input.points).equals(points)) {
    throw new ApiError('points_mismatch', { detail: `the rules price these goods at ${points} points, not ${input.points}` });
  }
  const id = `ds-${derivedId('distribution', actor, idempotencyKey)}`;
  const month = chinaMonth(deps.now());
  const prepared =
    'household' in input.recipient
      ? await prepareForHousehold(deps, actor, input, input.recipient.household, id, points)
      : await prepareForMember(deps, actor, input, input.recipient.member, id, points);
  const full: Prepared = { ...prepared, month };

  await reserve(deps.knex, actor, input, full, rules);
  let transaction: Transaction;
  try {
    if (full.kind === 'member' && full.hours !== '0.00') {
      await deps.ledger.openAccount({ community, id: hoursRedeemedAccount, unit: 'HOUR', name: '兑换物资时长 Hours redeemed for goods' });
    }
    transaction = await deps.ledger.post(full.transaction);
  } catch (error) {
    // Refused, so not posted: the reservation goes, whether this call or an earlier attempt made
    // it. Only a reused id means the ledger holds a transaction under it, which keeps its quota.
    if (isLedgerRejection(error) && error.code !== 'id_reused_with_different_body')
      await deps.knex('distributions').where({ community_id: community, id, status: 'reserved' }).delete();
    throw await explainRefusal(deps, community, full, error);
  }
  await deps.knex('distributions').where({ community_id: community, id }).update({ status: 'posted' });
  return {
    id,
    store: input.store,
    household: full.kind === 'household' ? full.recipient : null,
    member: full.kind === 'member' ? full.recipient : null,
    month,
    items: input.items,
    points: full.points,
    hours: full.hours,
    transaction: transaction.id,
    hash: transaction.hash,
  };
}

async function prepareForHousehold(
  deps: Deps,
  actor: Principal,
  input: DistributionInput,
  household: string,
  id: string,
  points: string,
): Promise<Omit<Prepared, 'month'>> {
  const community = actor.community;
  const row = await deps
    .knex('households')
    .select('code')
    .where({ community_id: community, code: household })
    .first<{ code: string } | undefined>();
  if (row === undefined) throw new ApiError('not_found', { detail: `no household ${household}` });
  const transaction = distribution({
    community,
    id: `distribution/${id}`,
    actor: actor.userId,
    store: input.store,
    household,
    items: input.items,
    points: points === '0' ? undefined : points,
    memo: input.memo,
    metadata: { distribution: id },
  });
  return { id, kind: 'household', recipient: household, points, hours: '0.00', transaction };
}

/**
 * The hour rule (Nanjing's): a member redeems hours for goods only with at least
 * `minBankedHours` in the account, and one redemption uses at most `maxShare` of the balance.
 * Both are one floor on the member's hours posting (`redemptionFloor`), checked by the ledger.
 */
async function prepareForMember(
  deps: Deps,
  actor: Principal,
  input: DistributionInput,
  member: string,
  id: string,
  points: string,
): Promise<Omit<Prepared, 'month'>> {
  const community = actor.community;
  const row = await deps
    .knex('users')
    .select('id')
    .where({ community_id: community, id: member, role: 'member' })
    .first<{ id: string } | undefined>();
  if (row === undefined) throw new ApiError('not_found', { detail: `no member ${member}` });
  const rule = await readHourRule(deps.knex, community);
  if (!rule.enabled) throw new ApiError('redemption_not_eligible', { detail: 'this community does not redeem hours for goods' });
  const hours = hoursFor(points, rule.pointsPerHour);
  if (hours === '0.00') {
    // Free goods spend no hours, so no posting carries the rule: the minimum is checked on the
    // balance as read. Nothing is taken from the account, so whatever is posted to it meanwhile,
    // the handout stands in the serial order where it came first.
    const account = await deps.ledger.balance(community, accountIds.memberHours(member));
    if (account === undefined) throw new ApiError('not_found', { detail: `member ${member} has no hour account` });
    const refusal = hourRuleRefusal(rule, account.available, hours);
    if (refusal !== undefined) throw new ApiError('redemption_not_eligible', { detail: refusal });
  }
  const base = distribution({
    community,
    id: `distribution/${id}`,
    actor: actor.userId,
    store: input.store,
    household: member,
    items: input.items,
    memo: input.memo,
  });
  const hourPostings =
    hours === '0.00'
      ? []
      : [
          { account: accountIds.memberHours(member), unit: 'HOUR', amount: `-${hours}`, floor: redemptionFloor(rule, hours) },
          { account: hoursRedeemedAccount, unit: 'HOUR', amount: hours },
        ];
  const transaction: TransactionInput = {
    ...base,
    metadata: { member, distribution: id, points, hours },
    postings: [...base.postings, ...hourPostings],
  };
  return { id, kind: 'member', recipient: member, points, hours, transaction, rule };
}

/**
 * The rule behind the ledger's refusal of a handout's posting, which checks every balance in one
 * step: the household's points (its account's lower limit) and the member's hour rule (the floor
 * on their hours posting) come before the store's stock (its lower limit), as they always have.
 * The ledger names the code, not the account, so the recipient's balance is read after the
 * refusal to tell which: that read chooses the answer, never what is posted. Only the member's
 * hours posting carries a floor, so `exceeds_floor` is the hour rule even if the balance has
 * changed since. Other errors pass as they are.
 */
async function explainRefusal(deps: Deps, community: string, prepared: Prepared, error: unknown): Promise<unknown> {
  if (!isLedgerRejection(error) || (error.code !== 'exceeds_lower_limit' && error.code !== 'exceeds_floor')) return error;
  if (prepared.kind === 'household') {
    if (prepared.points === '0') return error;
    const available = (await deps.ledger.balance(community, accountIds.householdPoints(prepared.recipient)))?.available ?? '0';
    return decimal(available).lessThan(prepared.points)
      ? new ApiError('points_insufficient', { detail: `${prepared.points} points needed, ${available} available` })
      : error;
  }
  if (prepared.rule === undefined || prepared.hours === '0.00') return error;
  const available = (await deps.ledger.balance(community, accountIds.memberHours(prepared.recipient)))?.available ?? '0.00';
  const refusal = hourRuleRefusal(prepared.rule, available, prepared.hours);
  if (refusal !== undefined) return new ApiError('redemption_not_eligible', { detail: refusal });
  if (error.code === 'exceeds_floor') {
    const needed = toScale(redemptionBalanceNeeded(prepared.rule, prepared.hours), 2);
    return new ApiError('redemption_not_eligible', {
      detail: `these goods cost ${prepared.hours} hours, which needs a balance of ${needed} as they are handed out`,
    });
  }
  return error;
}

/** Reserves the handout against the recipient's monthly quotas; a retry finds its reservation made. */
async function reserve(
  db: Knex,
  actor: Principal,
  input: DistributionInput,
  prepared: Prepared,
  rules: ReadonlyMap<string, ItemRule>,
): Promise<void> {
  const community = actor.community;
  return db.transaction(async (trx) => {
    // The lock that serializes handouts to one recipient: the household's or the member's row.
    const locked =
      prepared.kind === 'household'
        ? await trx('households').select('code').where({ community_id: community, code: prepared.recipient }).forUpdate().first()
        : await trx('users').select('id').where({ community_id: community, id: prepared.recipient }).forUpdate().first();
    if (locked === undefined) throw new ApiError('not_found');
    const earlier = await trx('distributions')
      .select('id')
      .where({ community_id: community, id: prepared.id })
      .first<{ id: string } | undefined>();
    if (earlier !== undefined) return;
    const used = await usedThisMonth(
      trx,
      community,
      prepared.recipient,
      prepared.month,
      input.items.map((line) => line.item),
    );
    for (const line of input.items) {
      const quota = rules.get(line.item)?.monthlyQuota ?? null;
      if (quota === null) continue;
      const remaining = decimal(quota).minus(used.get(line.item) ?? '0');
      if (decimal(line.quantity).greaterThan(remaining)) {
        throw new ApiError('quota_exceeded', {
          detail: `${line.item}: ${toScale(AmountDecimal.max(remaining, 0), 3)} left of ${quota} this month`,
        });
      }
    }
    await trx('distributions').insert({
      community_id: community,
      id: prepared.id,
      store_id: input.store,
      recipient_kind: prepared.kind,
      recipient: prepared.recipient,
      month: prepared.month,
      points: prepared.points,
      hours: prepared.hours,
      status: 'reserved',
      created_by: actor.userId,
    });
    await trx('distribution_lines').insert(
      input.items.map((line) => ({ community_id: community, distribution_id: prepared.id, item_code: line.item, quantity: line.quantity })),
    );
  });
}

/** Quantities handed to a recipient this month, per item (reserved and posted alike). */
export async function usedThisMonth(
  db: Knex,
  community: string,
  recipient: string,
  month: string,
  items: readonly string[],
): Promise<Map<string, string>> {
  if (items.length === 0) return new Map();
  const rows = (await db('distribution_lines as l')
    .join('distributions as d', function joinOn() {
      this.on('d.community_id', '=', 'l.community_id').andOn('d.id', '=', 'l.distribution_id');
    })
    .select('l.item_code')
    .sum({ used: 'l.quantity' })
    .where({ 'd.community_id': community, 'd.recipient': recipient, 'd.month': month })
    .whereIn('l.item_code', [...new Set(items)])
    .groupBy('l.item_code')) as { item_code: string; used: string }[];
  return new Map(rows.map((row) => [row.item_code, String(row.used)]));
}

/** What staff see at the counter: the code, points and this month's remaining quotas; no personal data. Rejections: `not_found`. */
export async function householdSupermarket(deps: Deps, viewer: Principal, code: string): Promise<HouseholdSupermarketView> {
  const community = viewer.community;
  const row = await deps.knex('households').select('code').where({ community_id: community, code }).first<{ code: string } | undefined>();
  if (row === undefined) throw new ApiError('not_found');
  const account = await deps.ledger.balance(community, accountIds.householdPoints(code));
  const month = chinaMonth(deps.now());
  const rules = (await readRedemptionRules(deps.knex, community)).items.filter((rule) => rule.monthlyQuota !== null);
  const used = await usedThisMonth(
    deps.knex,
    community,
    code,
    month,
    rules.map((rule) => rule.item),
  );
  const names = await findCatalogueItems(
    deps.knex,
    community,
    rules.map((rule) => rule.item),
  );
  const quotas = rules.map((rule) => {
    const quota = rule.monthlyQuota ?? '0';
    const usedAmount = decimal(used.get(rule.item) ?? '0');
    const remaining = AmountDecimal.max(decimal(quota).minus(usedAmount), 0);
    return {
      item: rule.item,
      name: names.get(rule.item)?.name ?? rule.item,
      monthlyQuota: quota,
      used: toScale(usedAmount, 3),
      remaining: toScale(remaining, 3),
    };
  });
  return {
    code,
    points: { balance: normalizeAmount(account?.balance ?? '0', 0), available: normalizeAmount(account?.available ?? '0', 0) },
    month,
    quotas,
  };
}
