// The ledger's public face: nothing else in this package is imported from outside it.
export { openDatabase, type Database, type DatabaseKind, type DatabaseOptions } from './database.js';
export { Ledger, type Balance, type LedgerDependencies, type Page, type VerifyResult } from './ledger.js';
export { LedgerRejection, rejectionCodes, rejectionPrecedence, isRejectionCode, type RejectionCode, type Refusal } from './rejections.js';
export { AmountDecimal, parseAmount, formatAmount, normalizeAmount, sumAmounts, type Amount } from './amount.js';
export { standardUnits, itemUnitCode, isUnitCode, type Unit } from './unit.js';
export { accountStatuses, type Account, type AccountInput, type AccountStatus } from './account.js';
export type { Transaction, TransactionInput, Posting, PostingInput } from './transaction.js';
export type { Hold, HoldInput, HoldPostInput, HoldStatus } from './hold.js';
export type { ReversalInput } from './reversal.js';
export type { JsonObject, JsonValue } from './json.js';
export type { LedgerStore, StatementLine, TrialBalanceLine, AccountChange, Operation, OperationResult } from './store.js';
export { MemoryStore } from './store-memory.js';
export { PostgresStore } from './store-postgres.js';
export { journalCsv, csvHeader } from './export/csv.js';
export { journalHledger } from './export/hledger.js';
export { genesisHash } from './chain.js';
export * as limits from './limits.js';
export { openLedger, type OpenLedgerOptions, type OpenedLedger } from './open.js';
