// `linli sweep`: deletes expired Idempotency-Keys and refresh tokens and says how many.
import { sweepExpired } from '../operations/sweep.js';
import { exitCodes } from './cli-io.js';
import { databaseUrlOption, withDatabase, type Command } from './command.js';
import { startProgress } from './progress.js';

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'delete expired idempotency keys and refresh tokens, with counts',
  help: `Options:
  --database-url URL   the database (default: DATABASE_URL, else the embedded database in LINLI_DATA_DIR if set; with neither, the command refuses)

Idempotency keys are kept 24 hours and refresh tokens 14 days; after that nothing reads them.
Run it daily (docs/OPERATIONS.md has a systemd timer).`,
  options: { ...databaseUrlOption },
  run: async (values, io) => {
    const counts = await withDatabase(io, values, async (database) => {
      const progress = startProgress(io.stderr, 'sweeping', 2);
      let tables = 0;
      let last = '';
      try {
        return await sweepExpired(database.knex, io.now(), (table) => {
          if (table !== last) [last, tables] = [table, tables + 1];
          progress.update(tables);
        });
      } finally {
        progress.stop();
      }
    });
    io.stdout.write(`idempotency keys deleted: ${counts.idempotencyKeys}\nrefresh tokens deleted: ${counts.refreshTokens}\n`);
    return exitCodes.done;
  },
};
