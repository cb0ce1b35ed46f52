// Every named maximum of the ledger, in one place, so that each bound is visible and enforced.

/** Postings in one transaction (a transaction needs at least two). */
export const postingsPerTransactionMax = 64;
/** Operations in one linked batch, and in one coalesced write. */
export const operationsPerBatchMax = 1_000;
/** Operations the writer coalesces into one database call. */
export const operationsPerWriteMax = 256;
/** Serialized metadata of a transaction, hold or account, in UTF-8 bytes. */
export const metadataBytesMax = 4_096;
/** Memo length in characters. */
export const memoLengthMax = 500;
/** Identifier length (transaction, hold, account, community ids, actors). */
export const idLengthMax = 128;
/** Digits before the decimal point of any amount or balance (NUMERIC(38) leaves room). */
export const amountIntegerDigitsMax = 18;
/** The largest scale a unit may declare. */
export const unitScaleMax = 6;
/** Rows in one page of a statement, journal or account listing. */
export const pageSizeMax = 1_000;
/** Page size when the caller names none. */
export const pageSizeDefault = 100;
/** Units a community may define (one per catalogue item). */
export const unitsPerCommunityMax = 10_000;
/** Kinds of figure one monthly-figures read may count. */
export const countedKindsPerReadMax = 16;
/** Accounts whose credited sums a PostgreSQL store remembers per kind; the longest unread are forgotten first. */
export const creditedSumsRememberedMax = 50_000;
