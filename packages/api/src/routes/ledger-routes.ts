// The ledger routes, mounted after the service's own (see index.ts): balances and statements,
// hour gifts, transfers between communities, the auditor's reads, public statistics, hold expiry.
import type { Route } from '../routing.js';
import { accountsBalanceGet } from './accounts-balance-get.js';
import { accountsList } from './accounts-list.js';
import { accountsStatementGet } from './accounts-statement-get.js';
import { adminExpireHolds } from './admin-expire-holds.js';
import { auditJournalExport } from './audit-journal-export.js';
import { auditTrialBalanceGet } from './audit-trial-balance-get.js';
import { auditVerifyGet } from './audit-verify-get.js';
import { auditTamperCheckGet } from './audit-tamper-check-get.js';
import { clearingTransfersCreate } from './clearing-transfers-create.js';
import { clearingTransfersCreateOnBehalf } from './clearing-transfers-create-on-behalf.js';
import { clearingTransfersGet } from './clearing-transfers-get.js';
import { giftsCreate } from './gifts-create.js';
import { giftsCreateOnBehalf } from './gifts-create-on-behalf.js';
import { meBalancesGet } from './me-balances-get.js';
import { meStatementGet } from './me-statement-get.js';
import { publicStatsGet } from './public-stats-get.js';

export const ledgerRoutes: readonly Route[] = [
  meBalancesGet,
  meStatementGet,
  accountsList,
  accountsBalanceGet,
  accountsStatementGet,
  giftsCreate,
  giftsCreateOnBehalf,
  clearingTransfersCreate,
  clearingTransfersCreateOnBehalf,
  clearingTransfersGet,
  auditTrialBalanceGet,
  auditVerifyGet,
  auditTamperCheckGet,
  auditJournalExport,
  publicStatsGet,
  adminExpireHolds,
];
