// Donations in kind and in cash, their donors (sealed), and the receipt a donor takes home.
import { createHash } from 'node:crypto';
import { books, type Transaction, type TransactionInput } from '@linli/ledger';
import { recordAudit } from '../audit/audit-log.js';
import type { Principal, Role } from '../auth/roles.js';
import { findCommunity } from '../communities.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../http-errors.js';
import { mayWorkIn, requireStoreOf } from './store-staff.js';
import { decimal, derivedId, findCatalogueItems, requireCatalogueLines, requireFund } from './supermarket-support.js';

const { catalogueFairValue, cashDonation, donationInKind, formatCny } = books;
import type { PaymentMethod, ValuationMethod } from '@linli/contract';
import type { DonationLineView, DonationView, ReceiptView } from '@linli/contract';

// The answers' shapes are the contract's, inferred from the schemas the routes answer with.
export type { DonationLineView, DonationView, ReceiptView } from '@linli/contract';

/** The ref the ledger records when the donor gives no name. */
export const anonymousDonor = 'anonymous';

export interface DonorInput {
  anonymous?: boolean | undefined;
  /** A donor who gave before: their ref, from an earlier receipt. */
  ref?: string | undefined;
  name?: string | undefined;
  phone?: string | undefined;
}

export interface DonorPersonal {
  name: string;
  phone?: string | undefined;
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new donor's ref, derived from the donation's id so that a retry names the same donor in
 * the ledger; nothing of the donor's name or phone goes into it.
 */
function donorRefFor(donationId: string): string {
  const bytes = createHash('sha256').update(`donor\n${donationId}`).digest();
  let text = '';
  for (let index = 0; index < 8; index += 1) text += crockford[(bytes[index] as number) % 32];
  return `D-${text}`;
}

export function personalContext(community: string, ref: string): string {
  return `${community}/donors/${ref}/personal`;
}

interface ResolvedDonor {
  ref: string;
  /** Sealed personal data to store with a new donor; undefined for anonymous and known donors. */
  sealed?: string;
}

/** Rejections: `not_found` (a ref that is not a donor of this community). */
async function resolveDonor(deps: Deps, community: string, donationId: string, donor: DonorInput): Promise<ResolvedDonor> {
  if (donor.ref !== undefined) {
    const row = await deps
      .knex('donors')
      .select('ref')
      .where({ community_id: community, ref: donor.ref })
      .first<{ ref: string } | undefined>();
    if (row === undefined) throw new ApiError('not_found', { detail: `no donor ${donor.ref}` });
    return { ref: donor.ref };
  }
  if (donor.anonymous === true || donor.name === undefined) return { ref: anonymousDonor };
  const ref = donorRefFor(donationId);
  const personal: DonorPersonal = donor.phone === undefined ? { name: donor.name } : { name: donor.name, phone: donor.phone };
  return { ref, sealed: deps.sealer.seal(JSON.stringify(personal), personalContext(community, ref)) };
}

async function recordDonation(
  deps: Deps,
  actor: Principal,
  donation: {
    id: string;
    kind: 'in_kind' | 'cash';
    donor: ResolvedDonor;
    store?: string;
    fund?: string;
    transactions: readonly Transaction[];
  },
): Promise<void> {
  const community = actor.community;
  await deps.knex.transaction(async (trx) => {
    if (donation.donor.sealed !== undefined) {
      await trx('donors')
        .insert({ community_id: community, ref: donation.donor.ref, personal_sealed: donation.donor.sealed })
        .onConflict(['community_id', 'ref'])
        .ignore();
    }
    await trx('donations')
      .insert({
        community_id: community,
        id: donation.id,
        kind: donation.kind,
        donor_ref: donation.donor.ref,
        store_id: donation.store ?? null,
        fund_code: donation.fund ?? null,
        transaction_ids: JSON.stringify(donation.transactions.map((transaction) => transaction.id)),
        created_by: actor.userId,
        created_at: new Date(donation.transactions[0]?.recordedAt ?? deps.now()),
      })
      .onConflict(['community_id', 'id'])
      .ignore();
  });
}

export interface InKindDonationInput {
  store: string;
  donor: DonorInput;
  items: { item: string; quantity: string; fairValue?: string | undefined }[];
  /** How the given fair values were set; lines without one are valued at the catalogue price. */
  valuationMethod: ValuationMethod;
  memo?: string | undefined;
}

/**
 * Records a donation in kind: stock up and in-kind income down per item, one transaction per
 * line in one linked batch, so a donation of several items is booked whole or not at all. A
 * line's fair value defaults to the catalogue price times the quantity, rounded half up to the
 * fen (四舍五入), and is recorded with its method on the transaction, so later price changes
 * never move it. Rejections: `not_found` (store, also one the staff user is not assigned to; donor ref), `item_not_in_catalogue`,
 * `amount_scale_exceeded`, `amount_exceeds_maximum` (a catalogue value past 18 integer digits, which
 * no CNY amount may have), and the ledger's (with the refused line's index).
 */

export async function donateInKind(
  deps: Deps,
  actor: Principal,
  input: InKindDonationInput,
  idempotencyKey: string | undefined,
): Promise<DonationView> {
  const community = actor.community;
  await requireStoreOf(deps.knex, actor, input.store);
  const items = await requireCatalogueLines(deps.knex, community, input.items);
  const id = `dn-${derivedId('donation', actor, idempotencyKey)}`;
  const donor = await resolveDonor(deps, community, id, input.donor);
  const inputs: TransactionInput[] = input.items.map((line, index) => {
    const item = items.get(line.item);
    if (item === undefined) throw new Error('assertion: every line was checked against the catalogue');
    return donationInKind({
      community,
      id: `donation/${id}/${index}`,
      actor: actor.userId,
      store: input.store,
      item: line.item,
      quantity: line.quantity,
      donor: donor.ref,
      fairValue: line.fairValue ?? catalogueFairValue(item.unitPrice, line.quantity, `items ${index}: ${line.item}`),
      valuationMethod: line.fairValue === undefined ? 'catalogue_price' : input.valuationMethod,
      memo: input.memo,
    });
  });
  const transactions = await deps.ledger.postLinked(community, inputs);
  await recordDonation(deps, actor, { id, kind: 'in_kind', donor, store: input.store, transactions });
  return donationView(id, 'in_kind', donor.ref, input.store, transactions, items);
}

export interface CashDonationInput {
  fund: string;
  amount: string;
  donor: DonorInput;
  method: PaymentMethod;
  memo?: string | undefined;
}

/** Cash into a restricted fund. Rejections: `not_found` (fund, donor ref), the ledger's (`amount_scale_exceeded`, …). */
export async function donateCash(
  deps: Deps,
  actor: Principal,
  input: CashDonationInput,
  idempotencyKey: string | undefined,
): Promise<DonationView> {
  const community = actor.community;
  await requireFund(deps.knex, community, input.fund);
  const id = `dn-${derivedId('donation', actor, idempotencyKey)}`;
  const donor = await resolveDonor(deps, community, id, input.donor);
  const transaction = await deps.ledger.post(
    cashDonation({
      community,
      id: `donation/${id}/0`,
      actor: actor.userId,
      fund: input.fund,
      amount: input.amount,
      donor: donor.ref,
      method: input.method,
      memo: input.memo,
    }),
  );
  await recordDonation(deps, actor, { id, kind: 'cash', donor, fund: input.fund, transactions: [transaction] });
  return donationView(id, 'cash', donor.ref, null, [transaction], new Map());
}

function donationView(
  id: string,
  kind: 'in_kind' | 'cash',
  donor: string,
  store: string | null,
  transactions: readonly Transaction[],
  items: ReadonlyMap<string, { name: string }>,
): DonationView {
  const first = transactions[0];
  if (first === undefined) throw new Error('assertion: a donation has at least one transaction');
  if (kind === 'cash') {
    const fundPosting = first.postings.find((posting) => posting.account.startsWith('fund/'));
    const metadata = first.metadata as { method?: PaymentMethod };
    if (fundPosting === undefined || metadata.method === undefined) throw new Error(`assertion: ${first.id} is a cash donation`);
    const fund = fundPosting.account.slice('fund/'.length);
    return {
      id,
      kind,
      donor,
      recordedAt: first.recordedAt,
      store,
      lines: [],
      cash: { fund, amount: fundPosting.amount, method: metadata.method, transaction: first.id, hash: first.hash },
      totalValue: fundPosting.amount,
    };
  }
  const lines = transactions.map((transaction): DonationLineView => {
    const stock = transaction.postings.find((posting) => posting.unit.startsWith('ITEM:') && posting.amount.startsWith('-') === false);
    const metadata = transaction.metadata as { fairValue?: string; valuationMethod?: ValuationMethod };
    if (stock === undefined || metadata.fairValue === undefined || metadata.valuationMethod === undefined)
      throw new Error(`assertion: ${transaction.id} is a donation in kind`);
    const item = stock.unit.slice('ITEM:'.length);
    return {
      item,
      name: items.get(item)?.name ?? item,
      quantity: stock.amount,
      fairValue: metadata.fairValue,
      valuationMethod: metadata.valuationMethod,
      transaction: transaction.id,
      hash: transaction.hash,
    };
  });
  const total = lines.reduce((sum, line) => sum.plus(line.fairValue), decimal(0));
  return { id, kind, donor, recordedAt: first.recordedAt, store, lines, cash: null, totalValue: formatCny(total) };
}

interface DonationRow {
  id: string;
  kind: 'in_kind' | 'cash';
  donor_ref: string;
  store_id: string | null;
  fund_code: string | null;
  transaction_ids: unknown;
}

const donorNameRoles: readonly Role[] = ['staff', 'coordinator', 'admin'];

/**
 * The receipt of one donation, read back from the ledger: what the journal holds is what the
 * donor is shown. Rejections: `not_found` (also another community's donation, and for staff a
 * donation in kind to a store they are not assigned to). Showing a donor's
 * name is audited as `donor.personal_viewed`.
 */
export async function readReceipt(deps: Deps, viewer: Principal, id: string): Promise<ReceiptView> {
  const community = viewer.community;
  const row = await deps
    .knex('donations')
    .select('id', 'kind', 'donor_ref', 'store_id', 'fund_code', 'transaction_ids')
    .where({ community_id: community, id })
    .first<DonationRow | undefined>();
  if (row === undefined) throw new ApiError('not_found');
  // Staff read the receipts of their own stores' donations in kind; cash goes to a fund, not a store.
  if (row.store_id !== null && !(await mayWorkIn(deps.knex, viewer, row.store_id))) throw new ApiError('not_found');
  const ids = (typeof row.transaction_ids === 'string' ? JSON.parse(row.transaction_ids) : row.transaction_ids) as string[];
  const transactions: Transaction[] = [];
  for (const transactionId of ids) {
    const transaction = await deps.ledger.getTransaction(community, transactionId);
    if (transaction === undefined)
      throw new Error(`assertion: donation ${id} names transaction ${transactionId}, which the ledger does not have`);
    transactions.push(transaction);
  }
  const items = await findCatalogueItems(
    deps.knex,
    community,
    transactions.flatMap((transaction) =>
      transaction.postings.filter((posting) => posting.unit.startsWith('ITEM:')).map((posting) => posting.unit.slice('ITEM:'.length)),
    ),
  );
  const view = donationView(row.id, row.kind, row.donor_ref, row.store_id, transactions, items);
  const profile = await findCommunity(deps.knex, community);
  const fundName =
    row.fund_code === null
      ? null
      : ((
          await deps
            .knex('funds')
            .select('name')
            .where({ community_id: community, code: row.fund_code })
            .first<{ name: string } | undefined>()
        )?.name ?? row.fund_code);
  const storeName =
    row.store_id === null
      ? null
      : ((
          await deps
            .knex('stores')
            .select('name')
            .where({ community_id: community, id: row.store_id })
            .first<{ name: string } | undefined>()
        )?.name ?? row.store_id);
  let donorName: string | null = null;
  if (donorNameRoles.includes(viewer.role) && row.donor_ref !== anonymousDonor) {
    const donor = await deps
      .knex('donors')
      .select('personal_sealed')
      .where({ community_id: community, ref: row.donor_ref })
      .first<{ personal_sealed: string } | undefined>();
    if (donor !== undefined) {
      donorName = (JSON.parse(deps.sealer.open(donor.personal_sealed, personalContext(community, row.donor_ref))) as DonorPersonal).name;
      await recordAudit(
        deps.knex,
        { community, actor: viewer.userId, action: 'donor.personal_viewed', target: `donor:${row.donor_ref}`, details: { donation: id } },
        deps.now(),
      );
    }
  }
  return { ...view, community: { id: community, name: profile?.name ?? community }, donorName, fundName, storeName };
}
