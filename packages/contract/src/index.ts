// The public face of the contract between the api and the web: every operation's request and
// answer as zod schemas, the values they are made of, the problem codes and their statuses, and
// the TypeScript types the api's workflows return and the web's client reads (`types.ts`).
// zod is its one dependency and nothing here touches node, so the web bundles it too.
export * from './values.js';
export * from './roles.js';
export * from './problem-codes.js';
export * from './common.js';
export * from './ledger.js';
export * from './gift.js';
export * from './transfer.js';
export * from './member.js';
export * from './household.js';
export * from './needs.js';
export * from './supermarket.js';
export * from './donation.js';
export * from './fund.js';
export * from './redemption-rules.js';
export * from './stock-count.js';
export * from './imports.js';
export * from './public-stats.js';
export * from './platform.js';
export * from './application.js';
export * from './privacy-notice.js';
export * from './operations/index.js';
export { operations } from './operations/all.js';
export type * from './types.js';
