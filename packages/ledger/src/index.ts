// The ledger's public face: nothing else in this package is imported from outside it.
export {
  connectionAcquireTimeoutMs,
  connectTimeoutMs,
  databaseTimeoutsDefault,
  databaseTimeoutsNone,
  openDatabase,
  type Database,
  type DatabaseTimeouts,
  type DatabaseKind,
  type DatabaseOptions,
} from './database.js';
export { NoAcceptableHostError, isMultiHostUrl, parseHostList, type HostList, type TargetSessionAttrs } from './database-hosts.js';
export { Ledger, type Balance, type LedgerDependencies, type Page, type VerifyResult } from './ledger.js';
export {
  LedgerRejection,
  rejectionCodes,
  stateRejectionCodes,
  rejectionPrecedence,
  precedingRejection,
  isRejectionCode,
  type RejectionCode,
  type Refusal,
} from './rejections.js';
export { AmountDecimal, parseAmount, formatAmount, normalizeAmount, sumAmounts, requireAmountScale, type Amount } from './amount.js';
export { standardUnits, standardUnit, itemUnitCode, isUnitCode, type Unit } from './unit.js';
export { accountStatuses, type Account, type AccountInput, type AccountStatus } from './account.js';
export type { Transaction, TransactionInput, Posting, PostingInput } from './transaction.js';
export type { Hold, HoldInput, HoldPostInput, HoldStatus } from './hold.js';
export type { ReversalInput } from './reversal.js';
export type { JsonObject, JsonValue } from './json.js';
export type {
  LedgerStore,
  StatementLine,
  TrialBalanceLine,
  AccountChange,
  Operation,
  OperationResult,
  CountedPostings,
  MonthlyFigure,
  MonthlyFiguresQuery,
} from './store.js';
export { MemoryStore } from './store-memory.js';
export { PostgresStore } from './store-postgres.js';
export { journalCsv, csvHeader } from './export/csv.js';
export { journalHledger } from './export/hledger.js';
export { genesisHash } from './chain.js';
export * as limits from './limits.js';
export { openLedger, type OpenLedgerOptions, type OpenedLedger } from './open.js';
export * as books from './books/index.js';
export {
  ListMigrationSource,
  checkMigrationList,
  migrationTableName,
  pendingMigrationNames,
  type MigrationListRules,
  type NamedMigration,
} from './migration-list.js';
export { ledgerMigrations, ledgerMigrationSource, migrateLedger, pendingLedgerMigrations } from './migrations/index.js';
