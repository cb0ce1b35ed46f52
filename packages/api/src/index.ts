// The api package's public face: the app builder, its dependencies, and the types clients share.
export { buildApp } from './app.js';
export { readConfig, ConfigError, type Config } from './config.js';
export { createDeps, type Deps, type DepsOptions, type LoginLimits } from './deps.js';
export {
  apiErrorCodes,
  apiErrors,
  ApiError,
  ledgerRejectionStatus,
  ledgerRejectionStatuses,
  type ApiErrorCode,
  type Problem,
  type FieldProblem,
} from './http-errors.js';
export { roles, requireRole, type Role, type Principal } from './auth/roles.js';
export { defineRoute, type Route, type RouteContext } from './routing.js';
export { buildOpenApiDocument } from './openapi.js';
export { seedDemo, type SeedDeps, type SeedOutcome } from './demo/seed.js';
export { startServer, type RunningServer } from './server.js';
export { giftTransactionId } from './workflows/ledger-ids.js';
export { csvFileProblems, type CsvFileProblem } from './workflows/csv-table.js';
export { migrateToLatest, pendingMigrations, migrationSource, migrations, appMigrations } from './migrations/index.js';
export { createPlatformWithAdmin, type NewPlatform, type CreatedPlatform } from './operations/platform-setup.js';
