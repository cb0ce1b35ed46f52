// Every operation of the contract by its operationId, for the checks that the served document is this contract.
import { accountsBalanceGet } from './accounts-balance-get.js';
import { accountsList } from './accounts-list.js';
import { accountsStatementGet } from './accounts-statement-get.js';
import { adminExpireHolds } from './admin-expire-holds.js';
import { assignmentsAccept } from './assignments-accept.js';
import { assignmentsApprove } from './assignments-approve.js';
import { assignmentsApproveMany } from './assignments-approve-many.js';
import { assignmentsCancel } from './assignments-cancel.js';
import { assignmentsCheckIn } from './assignments-check-in.js';
import { assignmentsCheckOut } from './assignments-check-out.js';
import { assignmentsDecline } from './assignments-decline.js';
import { assignmentsNoShow } from './assignments-no-show.js';
import { auditLogList } from './audit-log-list.js';
import { auditTamperCheckGet } from './audit-tamper-check-get.js';
import { auditTrialBalanceGet } from './audit-trial-balance-get.js';
import { auditVerifyGet } from './audit-verify-get.js';
import { authLogin } from './auth-login.js';
import { authLogout } from './auth-logout.js';
import { authRefresh } from './auth-refresh.js';
import { catalogueItemsCreate } from './catalogue-items-create.js';
import { catalogueItemsList } from './catalogue-items-list.js';
import { clearingTransfersCreate } from './clearing-transfers-create.js';
import { clearingTransfersCreateOnBehalf } from './clearing-transfers-create-on-behalf.js';
import { clearingTransfersGet } from './clearing-transfers-get.js';
import { distributionsCreate } from './distributions-create.js';
import { donationsCashCreate } from './donations-cash-create.js';
import { donationsInKindCreate } from './donations-in-kind-create.js';
import { donationsReceiptGet } from './donations-receipt-get.js';
import { fundGrantsCreate } from './fund-grants-create.js';
import { fundSpendingCreate } from './fund-spending-create.js';
import { fundsCreate } from './funds-create.js';
import { fundsList } from './funds-list.js';
import { giftsCreate } from './gifts-create.js';
import { giftsCreateOnBehalf } from './gifts-create-on-behalf.js';
import { healthLive } from './health-live.js';
import { healthReady } from './health-ready.js';
import { householdsCreate } from './households-create.js';
import { householdsGet } from './households-get.js';
import { householdsList } from './households-list.js';
import { householdsPointsCreate } from './households-points-create.js';
import { householdsSupermarketGet } from './households-supermarket-get.js';
import { householdsUpdate } from './households-update.js';
import { meBalancesGet } from './me-balances-get.js';
import { meGet } from './me-get.js';
import { meNotificationsAccept } from './me-notifications-accept.js';
import { meNotificationsGet } from './me-notifications-get.js';
import { mePasswordChange } from './me-password-change.js';
import { meStatementGet } from './me-statement-get.js';
import { membersCreate } from './members-create.js';
import { membersGet } from './members-get.js';
import { membersList } from './members-list.js';
import { membersUpdate } from './members-update.js';
import { needsCreate } from './needs-create.js';
import { needsGet } from './needs-get.js';
import { needsList } from './needs-list.js';
import { needsMatch } from './needs-match.js';
import { meNeedsNearbyGet } from './needs-nearby-get.js';
import { needsUrgent } from './needs-urgent.js';
import { publicStatsGet } from './public-stats-get.js';
import { redemptionRulesGet } from './redemption-rules-get.js';
import { redemptionRulesPut } from './redemption-rules-put.js';
import { serviceRecordsCertificateGet } from './service-records-certificate.js';
import { serviceRecordsList } from './service-records-list.js';
import { stockCountsConfirm } from './stock-counts-confirm.js';
import { stockCountsCreate } from './stock-counts-create.js';
import { stockCountsFinalize } from './stock-counts-finalize.js';
import { stockCountsGet } from './stock-counts-get.js';
import { storesCreate } from './stores-create.js';
import { storesList } from './stores-list.js';
import { storesStaffAssign } from './stores-staff-assign.js';
import { storesStaffList } from './stores-staff-list.js';
import { storesStaffUnassign } from './stores-staff-unassign.js';
import { storesStockGet } from './stores-stock-get.js';
import { usersCreate } from './users-create.js';
import { usersList } from './users-list.js';
import { usersUpdate } from './users-update.js';
import { volunteersProfileGet } from './volunteers-profile-get.js';
import { volunteersProfilePut } from './volunteers-profile-put.js';
import { importsHouseholdsCreate, importsItemsCreate, importsMembersCreate, importsOpeningBalancesCreate } from './imports-create.js';
import { auditJournalExport } from './audit-journal-export.js';
import { openApiGet } from './openapi-get.js';

import { applicationsAccept } from './applications-accept.js';
import { applicationsCreate } from './applications-create.js';
import { applicationsDecline } from './applications-decline.js';
import { applicationsList } from './applications-list.js';
import { applicationsStatusGet } from './applications-status-get.js';
import { platformAdminsList } from './platform-admins-list.js';
import { platformAdminsPasswordReset } from './platform-admins-password-reset.js';
import { platformCommunitiesCreate } from './platform-communities-create.js';
import { platformCommunitiesList } from './platform-communities-list.js';
import { usersPasswordReset } from './users-password-reset.js';
export const operations = {
  openApiGet,
  auditJournalExport,
  importsMembersCreate,
  importsHouseholdsCreate,
  importsItemsCreate,
  importsOpeningBalancesCreate,
  accountsBalanceGet,
  accountsList,
  accountsStatementGet,
  adminExpireHolds,
  assignmentsAccept,
  assignmentsApprove,
  assignmentsApproveMany,
  assignmentsCancel,
  assignmentsCheckIn,
  assignmentsCheckOut,
  assignmentsDecline,
  assignmentsNoShow,
  auditLogList,
  auditTamperCheckGet,
  auditTrialBalanceGet,
  auditVerifyGet,
  authLogin,
  authLogout,
  authRefresh,
  catalogueItemsCreate,
  catalogueItemsList,
  clearingTransfersCreate,
  clearingTransfersCreateOnBehalf,
  clearingTransfersGet,
  distributionsCreate,
  donationsCashCreate,
  donationsInKindCreate,
  donationsReceiptGet,
  fundGrantsCreate,
  fundSpendingCreate,
  fundsCreate,
  fundsList,
  giftsCreate,
  giftsCreateOnBehalf,
  healthLive,
  healthReady,
  householdsCreate,
  householdsGet,
  householdsList,
  householdsPointsCreate,
  householdsSupermarketGet,
  householdsUpdate,
  meBalancesGet,
  meGet,
  meNotificationsAccept,
  meNotificationsGet,
  mePasswordChange,
  meStatementGet,
  membersCreate,
  membersGet,
  membersList,
  membersUpdate,
  needsCreate,
  needsGet,
  needsList,
  needsMatch,
  meNeedsNearbyGet,
  needsUrgent,
  publicStatsGet,
  redemptionRulesGet,
  redemptionRulesPut,
  serviceRecordsCertificateGet,
  serviceRecordsList,
  stockCountsConfirm,
  stockCountsCreate,
  stockCountsFinalize,
  stockCountsGet,
  storesCreate,
  storesList,
  storesStaffAssign,
  storesStaffList,
  storesStaffUnassign,
  storesStockGet,
  usersCreate,
  usersList,
  usersUpdate,
  volunteersProfileGet,
  volunteersProfilePut,
  applicationsAccept,
  applicationsCreate,
  applicationsDecline,
  applicationsList,
  applicationsStatusGet,
  platformAdminsList,
  platformAdminsPasswordReset,
  platformCommunitiesCreate,
  platformCommunitiesList,
  usersPasswordReset,
} as const;
