// The service's schema: the ledger's migrations, then the app's own (users, needs, stores…), in one history.
//
// Both lists are written out (imported modules), not read from a folder: a compiled file left in
// `dist` by a deleted or renamed migration can never run. The names are those knex recorded when
// every migration lived in one folder (`migrations/src`), so databases migrated then (production,
// the backup drill) are up to date without running anything again.
//
// Numbers: the ledger's are below 0100, the app's from 0100 on; each number names one migration.
// The one exception is 0310, used twice (`0310-member-accounts-pseudonymous` and
// `0310-urgent-notifications`) before the rule was checked. Both ran in existing databases under
// those names and run in that (byte) order, so they keep them; `checkMigrationList` refuses any
// other repeated number, a name out of order and a repeated name. A new migration takes the
// number after the last one below.
import { ListMigrationSource, ledgerMigrations, migrationTableName, pendingMigrationNames, type NamedMigration } from '@linli/ledger';
import type { Knex } from 'knex';
import * as migrationAuth from './0100-auth.js';
import * as migrationAuditLog from './0101-audit-log.js';
import * as migrationIdempotency from './0102-idempotency.js';
import * as migrationMembersHouseholds from './0103-members-households.js';
import * as migrationStoreStaff from './0200-store-staff.js';
import * as migrationClearingTransfers from './0201-clearing-transfers.js';
import * as migrationStoresCatalogue from './0250-stores-catalogue.js';
import * as migrationDonations from './0251-donations.js';
import * as migrationRedemption from './0252-redemption.js';
import * as migrationStockCounts from './0253-stock-counts.js';
import * as migrationFunds from './0254-funds.js';
import * as migrationServiceNeeds from './0300-service-needs.js';
import * as migrationMemberAccountsPseudonymous from './0310-member-accounts-pseudonymous.js';
import * as migrationUrgentNotifications from './0310-urgent-notifications.js';
import * as migrationKeysInByteOrder from './0311-keys-in-byte-order.js';
import * as migrationStoreStaffStores from './0312-store-staff-stores.js';
import * as migrationAssignmentsVolunteerOnce from './0313-assignments-volunteer-once.js';
import * as migrationSessions from './0320-sessions.js';
import * as migrationClearingTransfersFinished from './0321-clearing-transfers-finished.js';
import * as migrationUsersMustChangePassword from './0400-users-must-change-password.js';
import * as migrationTamperChecks from './0401-tamper-checks.js';
import * as migrationClearingTransferVoidReasons from './0402-clearing-transfer-void-reasons.js';
import * as migrationPlatform from './0403-platform.js';
import * as migrationMembershipApplications from './0404-membership-applications.js';

/** The app's migrations, in order, after the ledger's. A name is recorded in databases: never rename one. */
export const appMigrations: readonly NamedMigration[] = [
  { name: '0100-auth', up: migrationAuth.up, down: migrationAuth.down },
  { name: '0101-audit-log', up: migrationAuditLog.up, down: migrationAuditLog.down },
  { name: '0102-idempotency', up: migrationIdempotency.up, down: migrationIdempotency.down },
  { name: '0103-members-households', up: migrationMembersHouseholds.up, down: migrationMembersHouseholds.down },
  { name: '0200-store-staff', up: migrationStoreStaff.up, down: migrationStoreStaff.down },
  { name: '0201-clearing-transfers', up: migrationClearingTransfers.up, down: migrationClearingTransfers.down },
  { name: '0250-stores-catalogue', up: migrationStoresCatalogue.up, down: migrationStoresCatalogue.down },
  { name: '0251-donations', up: migrationDonations.up, down: migrationDonations.down },
  { name: '0252-redemption', up: migrationRedemption.up, down: migrationRedemption.down },
  { name: '0253-stock-counts', up: migrationStockCounts.up, down: migrationStockCounts.down },
  { name: '0254-funds', up: migrationFunds.up, down: migrationFunds.down },
  { name: '0300-service-needs', up: migrationServiceNeeds.up, down: migrationServiceNeeds.down },
  { name: '0310-member-accounts-pseudonymous', up: migrationMemberAccountsPseudonymous.up, down: migrationMemberAccountsPseudonymous.down },
  { name: '0310-urgent-notifications', up: migrationUrgentNotifications.up, down: migrationUrgentNotifications.down },
  { name: '0311-keys-in-byte-order', up: migrationKeysInByteOrder.up, down: migrationKeysInByteOrder.down },
  { name: '0312-store-staff-stores', up: migrationStoreStaffStores.up, down: migrationStoreStaffStores.down },
  { name: '0313-assignments-volunteer-once', up: migrationAssignmentsVolunteerOnce.up, down: migrationAssignmentsVolunteerOnce.down },
  { name: '0320-sessions', up: migrationSessions.up, down: migrationSessions.down },
  { name: '0321-clearing-transfers-finished', up: migrationClearingTransfersFinished.up, down: migrationClearingTransfersFinished.down },
  { name: '0400-users-must-change-password', up: migrationUsersMustChangePassword.up, down: migrationUsersMustChangePassword.down },
  { name: '0401-tamper-checks', up: migrationTamperChecks.up, down: migrationTamperChecks.down },
  {
    name: '0402-clearing-transfer-void-reasons',
    up: migrationClearingTransferVoidReasons.up,
    down: migrationClearingTransferVoidReasons.down,
  },
  { name: '0403-platform', up: migrationPlatform.up, down: migrationPlatform.down },
  { name: '0404-membership-applications', up: migrationMembershipApplications.up, down: migrationMembershipApplications.down },
];

/** Every migration of the service, in the order it runs: the ledger's, then the app's. */
export const migrations: readonly NamedMigration[] = [...ledgerMigrations, ...appMigrations];

/** The numbers two released migrations share (see above); nothing may be added. */
export const migrationNumbersUsedTwice: readonly string[] = ['0310'];

export const migrationSource = new ListMigrationSource(migrations, { numbersUsedTwice: migrationNumbersUsedTwice });

/** Brings the database to the latest schema; returns the names of the migrations it ran. */
export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, ran] = (await knex.migrate.latest({ migrationSource, tableName: migrationTableName })) as [number, string[]];
  return ran;
}

/**
 * The migrations this build knows that the database has not run, in order; every one of them on
 * a database that was never migrated. Reads only (no lock table is created), so the service's
 * runtime role, which may not create tables, can ask before it starts.
 */
export function pendingMigrations(knex: Knex): Promise<string[]> {
  return pendingMigrationNames(knex, migrationSource);
}
