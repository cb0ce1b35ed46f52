// Opens a ready ledger: the database (PostgreSQL or PGlite), the ledger's own schema at its latest, the store.
import { migrateLedger } from './migrations/index.js';
import { openDatabase, type Database, type DatabaseOptions } from './database.js';
import { Ledger } from './ledger.js';
import { PostgresStore } from './store-postgres.js';

export interface OpenLedgerOptions extends DatabaseOptions {
  clock?: () => Date;
  /** Run the ledger's migrations first (default true); the app's are the service's to run. */
  migrate?: boolean;
}

export interface OpenedLedger {
  ledger: Ledger;
  database: Database;
  store: PostgresStore;
  close(): Promise<void>;
}

export async function openLedger(options: OpenLedgerOptions = {}): Promise<OpenedLedger> {
  const database = openDatabase(options);
  if (options.migrate !== false) await migrateLedger(database.knex);
  const store = new PostgresStore(database.knex, database.kind);
  const ledger = new Ledger({ store, ...(options.clock === undefined ? {} : { clock: options.clock }) });
  return { ledger, database, store, close: () => database.close() };
}
