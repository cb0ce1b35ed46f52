// The shapes of the api's answers that pages read, as its OpenAPI document (GET /api/openapi.json)
// describes them. Amounts are strings, always.

export interface PageOf<T> {
  items: T[];
  next: string | null;
}

export interface HouseholdPersonal {
  name: string;
  phone?: string;
  address: string;
  idNumber?: string;
  size?: number;
  notes?: string;
}

export interface HouseholdView {
  code: string;
  createdAt: string;
  updatedAt: string;
  personal?: HouseholdPersonal;
}

export interface MemberView {
  id: string;
  username: string;
  displayName: string;
  isDemo: boolean;
  disabled: boolean;
  createdAt: string;
  phone: string | null;
  languages: string[];
  skills: string[];
}

export interface AuditEntryView {
  id: string;
  actor: string;
  action: string;
  target: string;
  at: string;
  details: Record<string, unknown>;
}

export interface MeView {
  user: { id: string; username: string; displayName: string; role: string; isDemo: boolean; disabled: boolean; createdAt: string };
  community: { id: string; name: string; isDemo: boolean };
}

export interface CursorPage<T> {
  items: T[];
  next: string | null;
}

export interface AccountView {
  id: string;
  unit: string;
  name: string;
  ownerRef: string | null;
  status: 'open' | 'frozen' | 'closed';
  balance: string;
  available: string;
  held: string;
  incoming: string;
  lowerLimit: string | null;
  upperLimit: string | null;
}

export interface BalanceView {
  account: string;
  unit: string;
  balance: string;
  available: string;
  held: string;
  incoming: string;
  at: string | null;
}

export interface StatementLine {
  seq: number;
  transactionId: string;
  kind: string;
  memo: string;
  effectiveAt: string;
  recordedAt: string;
  amount: string;
  balanceAfter: string;
}

export interface MyBalancesView {
  hours: AccountView;
  hoursServed: string;
  starLevel: number;
  nextStarLevelHours: string | null;
}

export interface GiftView {
  transactionId: string;
  from: { member: string };
  to: { member: string } | 'pool';
  hours: string;
  effectiveAt: string;
  giverBalance: string;
  actor: string;
}

export interface TrialBalanceView {
  at: string | null;
  balanced: boolean;
  units: { unit: string; debit: string; credit: string; net: string; accounts: number }[];
}

/** GET /api/v1/audit/tamper-check: the last scheduled (or command-line) tamper check. */
export interface TamperCheckView {
  checked: boolean;
  ok: boolean | null;
  checkedAt: string | null;
  lastOkAt: string | null;
  transactions: number | null;
  firstBad: { seq: number; id: string; reason: string } | null;
}

export type VerifyView =
  | { ok: true; transactions: number; head: string }
  | { ok: false; transactions: number; firstBad: { seq: number; id: string; reason: string } };

export interface Figure {
  value: string | null;
  count: number | null;
  suppressed: boolean;
}

export interface ItemFigure extends Figure {
  unit: string;
  name: string;
}

export interface PublicStatsView {
  community: string;
  from: string;
  to: string;
  suppressionThreshold: number;
  months: { month: string; hoursServed: Figure; goodsDonated: ItemFigure[]; goodsDistributed: ItemFigure[]; cashDonated: Figure }[];
}

export interface StoreView {
  id: string;
  name: string;
}

export interface CatalogueItemView {
  code: string;
  name: string;
  scale: 0 | 3;
  unitPrice: string;
  barcode: string | null;
}

export interface StockLineView {
  item: string;
  name: string;
  scale: number;
  quantity: string;
}

export type ValuationMethod = 'market_price' | 'donor_invoice' | 'catalogue_price' | 'appraisal' | 'nominal';
export type PaymentMethod = 'cash' | 'bank_transfer' | 'wechat_pay' | 'alipay';

export interface DonationView {
  id: string;
  kind: 'in_kind' | 'cash';
  donor: string;
  recordedAt: string;
  store: string | null;
  lines: { item: string; name: string; quantity: string; fairValue: string; valuationMethod: ValuationMethod; transaction: string; hash: string }[];
  cash: { fund: string; amount: string; method: PaymentMethod; transaction: string; hash: string } | null;
  totalValue: string;
}

export interface ReceiptView extends DonationView {
  community: { id: string; name: string };
  donorName: string | null;
  fundName: string | null;
  storeName: string | null;
}

export interface HouseholdSupermarketView {
  code: string;
  points: { balance: string; available: string };
  month: string;
  quotas: { item: string; name: string; monthlyQuota: string; used: string; remaining: string }[];
}

export interface DistributionView {
  id: string;
  store: string;
  household: string | null;
  member: string | null;
  month: string;
  items: { item: string; quantity: string }[];
  points: string;
  hours: string;
  transaction: string;
  hash: string;
}

export interface PointsIssueView {
  household: string;
  points: string;
  reason: string;
  balance: string;
  transaction: string;
  hash: string;
}

export type VarianceReason = 'damaged' | 'expired' | 'miscounted' | 'lost' | 'found' | 'other';

export interface StockCountView {
  id: string;
  store: string;
  status: 'counted' | 'confirmed' | 'finalized';
  countedBy: string;
  countedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  finalizedBy: string | null;
  finalizedAt: string | null;
  lines: { item: string; book: string; counted: string; difference: string; reason: VarianceReason | null }[];
  transactions: string[];
}

export type CostPartName = 'distance' | 'skillFit' | 'continuity' | 'urgency' | 'load';
export type ExclusionRule = 'skill' | 'distance' | 'certificate' | 'language' | 'availability' | 'conflict' | 'weeklyCap';
export type AssignmentStatus = 'proposed' | 'accepted' | 'declined' | 'checked_in' | 'checked_out' | 'approved' | 'cancelled' | 'no_show';

export interface NeedView {
  id: string;
  title: string;
  requester: string | null;
  payer: 'requester' | 'pool';
  skills: string[];
  certificates: string[];
  languages: string[];
  gridCell: string;
  place: { eastM: number; northM: number };
  address: string | null;
  window: { start: string; end: string };
  slots: number;
  confirmedSlots: number;
  hoursPerSlot: string;
  urgency: number;
  status: 'open' | 'closed' | 'cancelled';
  createdBy: string;
  createdAt: string;
}

export interface AssignmentView {
  id: string;
  need: string;
  slot: number | null;
  volunteer: string;
  status: AssignmentStatus;
  cost: number;
  costParts: Record<string, number>;
  distanceM: number;
  hold: string | null;
  heldHours: string | null;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  approvedHours: string | null;
  transaction: string | null;
  updatedAt: string;
}

export interface ProposalView {
  assignment: string | null;
  need: string;
  volunteer: string;
  gridCell: string;
  distanceM: number;
  window: { start: string; end: string };
  hoursPerSlot: string;
  cost: number;
  costParts: Record<CostPartName, number>;
}

export interface ExclusionView {
  need: string;
  volunteer: string;
  rule: ExclusionRule;
  detail: string;
}

export interface NeedsNearbyView {
  items: (ProposalView & { title: string; urgency: number })[];
  exclusions: (ExclusionView & { title: string })[];
  exclusionCounts: Record<ExclusionRule, number>;
}

export interface MatchRunView {
  need: NeedView;
  proposals: ProposalView[];
  exclusions: ExclusionView[];
  run: { needs: number; volunteers: number; openSlots: number; filledSlots: number; proposals: number; totalCost: number; exclusionCounts: Record<ExclusionRule, number> };
}

export type ApprovalOutcome = { id: string; ok: true; assignment: AssignmentView } | { id: string; ok: false; status: number; code: string; detail: string };

export interface ServiceRecordView {
  id: string;
  need: string;
  service: string;
  volunteer: string;
  volunteerName: string;
  date: string;
  hours: string;
  transaction: string;
  approvedAt: string;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: 'member' | 'staff' | 'coordinator' | 'auditor' | 'admin';
  isDemo: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface FundView {
  code: string;
  name: string;
  balance: string;
  donated: string;
  projects: { code: string; name: string; spent: string }[];
}

export interface FundMovementView {
  id: string;
  fund: string;
  project: string;
  amount: string;
  kind: 'fund_grant' | 'fund_spending';
  fundBalance: string;
  transaction: string;
  hash: string;
}

export interface RedemptionRulesView {
  items: { item: string; pointsPerUnit: string; monthlyQuota: string | null }[];
  hours: { enabled: boolean; minBankedHours: string; maxShare: string; pointsPerHour: string };
}

export type ConsentMethod = 'in_person' | 'phone_call' | 'written';

export interface TransferView {
  id: string;
  direction: 'outgoing' | 'incoming';
  status: 'pending' | 'settled' | 'voided' | 'expired';
  hours: string;
  from: { community: string; member: string | null };
  to: { community: string; member: string | null };
  actor: string;
  onBehalfOf: { member: string; consent: { method: ConsentMethod; recordedAt: string } } | null;
  createdAt: string;
}

export interface VolunteerProfileInput {
  skills: { skill: string; level: 1 | 2 | 3 }[];
  certificates: { name: string; expiresOn: string }[];
  gridCell: string;
  place: { eastM: number; northM: number };
  travelRadiusM: number;
  weeklyAvailability: { weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7; startMinute: number; endMinute: number }[];
  weeklyHourCap: string;
}

/** GET /api/v1/volunteers/:userId/profile: what the PUT takes, as stored (place rounded to 100 m). */
export interface VolunteerProfileView extends VolunteerProfileInput {
  updatedAt: string;
}

export type ImportKind = 'members' | 'households' | 'items' | 'opening-balances';

export interface ImportReportView {
  kind: ImportKind;
  dryRun: boolean;
  rows: number;
  valid: boolean;
  problemsTotal: number;
  problems: { row: number; column: string | null; code: string; detail: string }[];
  imported: number;
  results: { row: number; ref: string }[];
  /** The encoding the file was read in. */
  encoding: CsvEncoding;
  /** In a dry run: the header and first rows as the api read them; null otherwise. */
  preview: { header: string[]; rows: { row: number; cells: string[] }[] } | null;
}

export const csvEncodings = ['utf-8', 'gb18030'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

export interface CommunityWithFigures {
  code: string;
  name: string;
  createdAt: string;
  thisMonth: { month: string; hoursServed: Figure; goodsDonated: ItemFigure[]; goodsDistributed: ItemFigure[]; cashDonated: Figure };
}

export interface CommunityCreated {
  community: string;
  name: string;
  admin: { id: string; username: string; oneTimePassword: string };
}

export interface PasswordResetView {
  userId: string;
  username: string;
  oneTimePassword: string;
}

export type ApplicationStatus = 'pending' | 'accepted' | 'declined';

export interface ApplicationReceipt {
  community: string;
  reference: string;
  secret: string;
  status: ApplicationStatus;
}

export interface ApplicationStatusView {
  community: string;
  reference: string;
  status: ApplicationStatus;
  createdAt: string;
  decidedAt: string | null;
  declineReason: string | null;
  login: { community: string; username: string; oneTimePassword: string | null } | null;
}

export interface ApplicationView {
  id: string;
  status: ApplicationStatus;
  name: string;
  phone: string;
  skills: string[];
  consentNotice: string;
  consentedAt: string;
  createdAt: string;
  decidedAt: string | null;
  declineReason: string | null;
  userId: string | null;
}

export interface ApplicationAcceptance {
  application: ApplicationView;
  user: { id: string; username: string };
  oneTimePassword: string | null;
}
