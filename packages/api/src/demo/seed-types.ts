// What seeding the demo takes and whom it made: shared by the seed and the workflows it calls.
import type { Ledger } from '@linli/ledger';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Sealer } from '../crypto/sealed.js';

export interface SeedDeps {
  knex: Knex;
  ledger: Ledger;
  sealer: Sealer;
  now: () => Date;
  logger: Logger;
}

/** Who the ledger's demo history needs: the shape `seedDemoHistory` (workflows/demo-history.ts) takes. */
export interface DemoPeople {
  members: readonly { id: string; name: string }[];
  households: readonly string[];
  coordinator: string;
  staff: string;
}
