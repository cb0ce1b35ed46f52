// The TypeScript types of the api's answers and of the requests the web builds, each inferred
// from its zod schema: the api's workflows return them and the web's pages read them, so neither
// can drift from the schema the api validates against and documents.
import type { z } from 'zod';
import type { applicationAcceptance, applicationReceipt, applicationStatusView, applicationView } from './application.js';
import type { userView } from './common.js';
import type { communityCreated, communityWithFigures, passwordResetView } from './platform.js';
import type { donationView, receiptView } from './donation.js';
import type { fundMovementView, fundView } from './fund.js';
import type { giftView } from './gift.js';
import type { householdView } from './household.js';
import type { accountView, balanceView, consentInput, statementLineView } from './ledger.js';
import type { memberView } from './member.js';
import type {
  assignmentView,
  certificateView,
  needCreateBody,
  place,
  costPartNames,
  exclusionCounts,
  exclusionRules,
  exclusionView,
  needView,
  proposalView,
  serviceRecordView,
  volunteerProfileBody,
  volunteerProfileView,
} from './needs.js';
import type { auditLogList } from './operations/audit-log-list.js';
import type { assignmentsApproveMany } from './operations/assignments-approve-many.js';
import type { auditTamperCheckGet } from './operations/audit-tamper-check-get.js';
import type { auditTrialBalanceGet } from './operations/audit-trial-balance-get.js';
import type { auditVerifyGet } from './operations/audit-verify-get.js';
import type { distributionsCreate } from './operations/distributions-create.js';
import type { householdsPointsCreate } from './operations/households-points-create.js';
import type { householdsSupermarketGet } from './operations/households-supermarket-get.js';
import type { importsMembersCreate } from './operations/imports-create.js';
import type { meBalancesGet } from './operations/me-balances-get.js';
import type { meGet } from './operations/me-get.js';
import type { meNeedsNearbyGet } from './operations/needs-nearby-get.js';
import type { needsMatch } from './operations/needs-match.js';
import type { needsUrgent } from './operations/needs-urgent.js';
import type { meNotificationsGet } from './operations/me-notifications-get.js';
import type { publicStatsGet } from './operations/public-stats-get.js';
import type { storesStockGet } from './operations/stores-stock-get.js';
import type { redemptionRules } from './redemption-rules.js';
import type { stockCountView } from './stock-count.js';
import type { catalogueItemView, storeStaffView, storeView } from './supermarket.js';
import type { transferView } from './transfer.js';

/** What an operation answers with (its response schema's output), by the operation's contract. */
export type AnswerOf<Operation extends { response: { schema: z.ZodType } }> = z.output<Operation['response']['schema']>;
/** The JSON body an operation takes, as a client writes it (the schema's input). */
export type BodyOf<Operation extends { request: { body: z.ZodType } }> = z.input<Operation['request']['body']>;

/** A page of a list (`pageOf`, `cursorPageOf`): the items and the cursor of the next page. */
export interface PageOf<T> {
  items: T[];
  next: string | null;
}

export type UserView = z.output<typeof userView>;
export type MeView = AnswerOf<typeof meGet>;
export type MemberView = z.output<typeof memberView>;
export type AuditEntryView = AnswerOf<typeof auditLogList>['items'][number];

export type HouseholdView = z.output<typeof householdView>;

export type AccountView = z.output<typeof accountView>;
export type BalanceView = z.output<typeof balanceView>;
export type StatementLine = z.output<typeof statementLineView>;
export type MyBalancesView = AnswerOf<typeof meBalancesGet>;
export type GiftView = z.output<typeof giftView>;
export type ConsentMethod = z.output<typeof consentInput>['method'];
export type TransferView = z.output<typeof transferView>;

export type TrialBalanceView = AnswerOf<typeof auditTrialBalanceGet>;
export type TamperCheckView = AnswerOf<typeof auditTamperCheckGet>;
export type VerifyView = AnswerOf<typeof auditVerifyGet>;

export type PublicStatsView = AnswerOf<typeof publicStatsGet>;
export type Figure = PublicStatsView['months'][number]['hoursServed'];
export type ItemFigure = PublicStatsView['months'][number]['goodsDonated'][number];

export type StoreView = z.output<typeof storeView>;
export type StoreStaffView = z.output<typeof storeStaffView>;
export type CatalogueItemView = z.output<typeof catalogueItemView>;
export type StockLineView = AnswerOf<typeof storesStockGet>['items'][number];
export type DonationView = z.output<typeof donationView>;
export type DonationLineView = DonationView['lines'][number];
export type ReceiptView = z.output<typeof receiptView>;
export type HouseholdSupermarketView = AnswerOf<typeof householdsSupermarketGet>;
export type DistributionView = AnswerOf<typeof distributionsCreate>;
export type PointsIssueView = AnswerOf<typeof householdsPointsCreate>;
export type StockCountView = z.output<typeof stockCountView>;
export type StockCountLineView = StockCountView['lines'][number];
export type FundView = z.output<typeof fundView>;
export type FundMovementView = z.output<typeof fundMovementView>;
export type RedemptionRulesView = z.output<typeof redemptionRules>;
export type ImportReportView = AnswerOf<typeof importsMembersCreate>;

export type CostPartName = (typeof costPartNames)[number];
export type ExclusionRule = (typeof exclusionRules)[number];
/** A place on the community's grid, in metres east and north of its origin. */
export type Place = z.output<typeof place>;
/** A need as the api reads its creation request (defaults applied). */
export type NeedInput = z.output<typeof needCreateBody>;
export type NeedView = z.output<typeof needView>;
export type AssignmentView = z.output<typeof assignmentView>;
export type ProposalView = z.output<typeof proposalView>;
export type ExclusionView = z.output<typeof exclusionView>;
export type NeedsNearbyView = AnswerOf<typeof meNeedsNearbyGet>;
export type MatchRunView = AnswerOf<typeof needsMatch>;
export type ApprovalOutcome = AnswerOf<typeof assignmentsApproveMany>['items'][number];
export type ExclusionCounts = z.output<typeof exclusionCounts>;
export type UrgentLaunchView = AnswerOf<typeof needsUrgent>;
export type UrgentWaveView = UrgentLaunchView['waves'][number];
export type NotificationView = AnswerOf<typeof meNotificationsGet>['items'][number];
export type ServiceRecordView = z.output<typeof serviceRecordView>;
export type CertificateView = z.output<typeof certificateView>;
export type VolunteerProfileInput = z.input<typeof volunteerProfileBody>;
/** A profile as the api reads it (certificates always present). */
export type VolunteerProfile = z.output<typeof volunteerProfileBody>;
export type VolunteerProfileView = z.output<typeof volunteerProfileView>;

/** The platform's views and password resets. */
export type CommunityWithFigures = z.output<typeof communityWithFigures>;
export type CommunityCreated = z.output<typeof communityCreated>;
export type PasswordResetView = z.output<typeof passwordResetView>;

/** Applications to join a community. */
export type ApplicationReceipt = z.output<typeof applicationReceipt>;
export type ApplicationStatusView = z.output<typeof applicationStatusView>;
export type ApplicationView = z.output<typeof applicationView>;
export type ApplicationAcceptance = z.output<typeof applicationAcceptance>;
