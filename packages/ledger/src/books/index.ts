// Posting templates ("books") for the community's flows: each returns the input for one ledger write.
export { accountIds } from './accounts.js';
export {
  serviceCredit,
  hourGift,
  serviceHold,
  payerAccount,
  starLevel,
  starLevelHours,
  hourScale,
  formatHours,
  bankedHoursFloor,
  refuseNegativeHours,
  parseHoursToGive,
  unbankedHours,
  requireBankedHours,
  type HourPayer,
  type ServiceCredit,
  type HourGift,
} from './time-bank.js';
export {
  donationInKind,
  distribution,
  stockVariance,
  catalogueFairValue,
  formatCny,
  type DonationInKind,
  type Distribution,
  type ValuationMethod,
  type VarianceReason,
} from './supermarket.js';
export { pointsIssue } from './points.js';
export { cashDonation, fundSpending } from './fund.js';
export { finishTransfer, holdTransfer, transferHours, transferRefusal, type HourTransfer, type TransferOutcome } from './clearing.js';
