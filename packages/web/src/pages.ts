// Every page of the app, in menu order within each group.
import { cataloguePage } from './admin/catalogue-page.js';
import { holdsPage } from './admin/holds-page.js';
import { redemptionRulesPage } from './admin/redemption-rules-page.js';
import { storesPage } from './admin/stores-page.js';
import { usersPage } from './admin/users-page.js';
import { auditLogPage } from './auditor/audit-log-page.js';
import { chartsPage } from './auditor/charts-page.js';
import { journalPage } from './auditor/journal-page.js';
import { statementPage } from './auditor/statement-page.js';
import { trialBalancePage } from './auditor/trial-balance-page.js';
import { verifyPage } from './auditor/verify-page.js';
import { fundsPage } from './coordinator/funds-page.js';
import { importsPage } from './coordinator/imports-page.js';
import { onBehalfPage } from './coordinator/on-behalf-page.js';
import { householdsPage } from './coordinator/households-page.js';
import { approvalsPage } from './coordinator/approvals-page.js';
import { matchingPage } from './coordinator/matching-page.js';
import { postNeedPage } from './coordinator/needs-page.js';
import { membersPage } from './coordinator/members-page.js';
import { loginPage } from './login/login-page.js';
import { passwordPage } from './login/password-page.js';
import type { Page } from './page.js';
import { statsPage } from './public/stats-page.js';
import { applyPage } from './public/apply-page.js';
import { applicationStatusPage } from './public/application-status-page.js';
import { communitiesPage } from './platform/communities-page.js';
import { applicationsPage } from './coordinator/applications-page.js';
import { cashDonationPage } from './staff/cash-donation-page.js';
import { countPage } from './staff/count-page.js';
import { handoutPage } from './staff/handout-page.js';
import { intakePage } from './staff/intake-page.js';
import { stockPage } from './staff/stock-page.js';
import { certificatePage } from './volunteer/certificate-page.js';
import { givePage } from './volunteer/give-page.js';
import { historyPage } from './volunteer/history-page.js';
import { memberProfilePage, profilePage } from './volunteer/profile-page.js';
import { transferPage } from './volunteer/transfer-page.js';
import { needsNearMePage } from './volunteer/needs-page.js';
import { volunteerHomePage } from './volunteer/volunteer-home-page.js';

export const pages: readonly Page[] = [
  loginPage,
  passwordPage,
  volunteerHomePage,
  needsNearMePage,
  historyPage,
  givePage,
  transferPage,
  certificatePage,
  profilePage,
  intakePage,
  cashDonationPage,
  handoutPage,
  stockPage,
  countPage,
  approvalsPage,
  postNeedPage,
  matchingPage,
  householdsPage,
  membersPage,
  applicationsPage,
  memberProfilePage,
  fundsPage,
  onBehalfPage,
  importsPage,
  usersPage,
  storesPage,
  cataloguePage,
  redemptionRulesPage,
  holdsPage,
  trialBalancePage,
  verifyPage,
  statementPage,
  journalPage,
  chartsPage,
  auditLogPage,
  statsPage,
  applyPage,
  applicationStatusPage,
  communitiesPage,
];
