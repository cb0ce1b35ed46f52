// Charity supermarket postings: donations in kind, distributions for points, and stock-count variances.
import { AmountDecimal, formatAmount } from '../amount.js';
import type { JsonObject } from '../json.js';
import { amountIntegerDigitsMax } from '../limits.js';
import { LedgerRejection } from '../rejections.js';
import { standardUnit } from '../unit.js';
import type { PostingInput, TransactionInput } from '../transaction.js';
import { itemUnitCode } from '../unit.js';
import { accountIds } from './accounts.js';
import { negate } from './time-bank.js';

/** How a donation's fair value was set, kept on the transaction so old totals never shift. */
export type ValuationMethod = 'market_price' | 'donor_invoice' | 'catalogue_price' | 'appraisal' | 'nominal';

export interface DonationInKind {
  community: string;
  id: string;
  actor: string;
  store: string;
  item: string;
  quantity: string;
  /** Pseudonymous donor reference (or "anonymous"). */
  donor: string;
  /** Fair value in CNY of the whole donation, e.g. "45.00", and how it was set. */
  fairValue: string;
  valuationMethod: ValuationMethod;
  memo?: string;
  effectiveAt?: string;
}

/** Stock up, in-kind income down; the CNY value is recorded, not posted, so it never moves with prices. */
export function donationInKind(donation: DonationInKind): TransactionInput {
  const unit = itemUnitCode(donation.item);
  return {
    community: donation.community,
    id: donation.id,
    kind: 'donation_in_kind',
    actor: donation.actor,
    memo: donation.memo,
    effectiveAt: donation.effectiveAt,
    metadata: { donor: donation.donor, fairValue: donation.fairValue, fairValueUnit: 'CNY', valuationMethod: donation.valuationMethod },
    postings: [
      { account: accountIds.stock(donation.store, donation.item), unit, amount: donation.quantity },
      { account: accountIds.inKindIncome(donation.item), unit, amount: negate(donation.quantity) },
    ],
  };
}

export interface Distribution {
  community: string;
  id: string;
  actor: string;
  store: string;
  /** The household's pseudonymous code; personal data never enters the ledger. */
  household: string;
  items: { item: string; quantity: string }[];
  /** Love points spent, e.g. "30"; "0" or absent when the goods are free. */
  points?: string;
  memo?: string;
  metadata?: JsonObject;
}

/** Goods out of stock into distributed, and points from the household to redeemed, in one transaction. */
export function distribution(handout: Distribution): TransactionInput {
  const postings: PostingInput[] = [];
  for (const line of handout.items) {
    const unit = itemUnitCode(line.item);
    postings.push({ account: accountIds.stock(handout.store, line.item), unit, amount: negate(line.quantity) });
    postings.push({ account: accountIds.distributed(line.item), unit, amount: line.quantity });
  }
  if (handout.points !== undefined && handout.points !== '0') {
    postings.push({ account: accountIds.householdPoints(handout.household), unit: 'POINT', amount: negate(handout.points) });
    postings.push({ account: accountIds.pointsRedeemed, unit: 'POINT', amount: handout.points });
  }
  return {
    community: handout.community,
    id: handout.id,
    kind: 'distribution',
    actor: handout.actor,
    memo: handout.memo,
    metadata: { household: handout.household, ...handout.metadata },
    postings,
  };
}

export type VarianceReason = 'damaged' | 'expired' | 'miscounted' | 'lost' | 'found' | 'other';

/** A stock count's difference (counted minus book), posted against the variance account with its reason. */
export function stockVariance(variance: {
  community: string;
  id: string;
  actor: string;
  store: string;
  item: string;
  difference: string;
  reason: VarianceReason;
  countId: string;
  memo?: string;
}): TransactionInput {
  const unit = itemUnitCode(variance.item);
  return {
    community: variance.community,
    id: variance.id,
    kind: 'stock_variance',
    actor: variance.actor,
    memo: variance.memo,
    metadata: { reason: variance.reason, countId: variance.countId },
    postings: [
      { account: accountIds.stock(variance.store, variance.item), unit, amount: variance.difference },
      { account: accountIds.stockVariance(variance.store, variance.item), unit, amount: negate(variance.difference) },
    ],
  };
}

/** The scale of CNY amounts: the CNY unit's. */
const cnyScale = standardUnit('CNY').scale;

/** The first CNY value past the ledger's amounts (`amountIntegerDigitsMax` integer digits). */
const largestCny = new AmountDecimal(10).pow(amountIntegerDigitsMax);

/**
 * A donation's fair value from the catalogue: the unit price times the quantity, rounded half up
 * to the fen (四舍五入), at the CNY unit's scale. Rejections: amount_exceeds_maximum (a value past
 * the ledger's integer digits, which no CNY amount may have); `what` names the line.
 */
export function catalogueFairValue(unitPrice: string, quantity: string, what: string): string {
  const value = new AmountDecimal(unitPrice).times(quantity).toDecimalPlaces(cnyScale, AmountDecimal.ROUND_HALF_UP);
  if (value.greaterThanOrEqualTo(largestCny)) {
    throw new LedgerRejection(
      'amount_exceeds_maximum',
      `${what}: ${quantity} at ${unitPrice} is worth more than a CNY amount may be (${amountIntegerDigitsMax} integer digits)`,
    );
  }
  return formatAmount(value, cnyScale);
}

/** A sum of CNY values at the CNY unit's scale. */
export function formatCny(value: InstanceType<typeof AmountDecimal>): string {
  return formatAmount(value, cnyScale);
}
