// `linli reseal`: after a data-key rotation, seal every personal value again with the new key, so
// the old key can be retired. Resumable: run it again after an interruption.
import { nonEmpty, readDataKey, readPreviousDataKeys } from '../config.js';
import { planReseal, reseal, type DataKeys } from '../operations/reseal.js';
import { UnusableError, exitCodes, type CliIo } from './cli-io.js';
import { databaseUrlOption, withDatabase, type Command } from './command.js';
import { startProgress } from './progress.js';

/** LINLI_DATA_KEY (required) and LINLI_DATA_KEYS_PREVIOUS, read as the service reads them. */
function dataKeys(io: CliIo): DataKeys {
  const text = nonEmpty(io.env['LINLI_DATA_KEY']);
  if (text === undefined)
    throw new UnusableError(
      'LINLI_DATA_KEY is not set: it must be the new data key, with the old one in LINLI_DATA_KEYS_PREVIOUS (docs/OPERATIONS.md, "Rotating the data key"); nothing was changed',
    );
  const problems: string[] = [];
  const current = readDataKey(text, 'LINLI_DATA_KEY', problems);
  const previous = readPreviousDataKeys(io.env['LINLI_DATA_KEYS_PREVIOUS'], problems);
  if (current === undefined || problems.length > 0)
    throw new UnusableError(`the data keys cannot be read, so nothing was changed:\n  - ${problems.join('\n  - ')}`);
  return { current, previous };
}

export const resealCommand: Command = {
  name: 'reseal',
  summary: 'seal all personal data again with the current data key (after a key rotation)',
  help: `Options:
  --dry-run            only count what would be sealed again
  --database-url URL   the database (default: DATABASE_URL, else the embedded database in LINLI_DATA_DIR if set; with neither, the command refuses)

Reads LINLI_DATA_KEY (the new key) and LINLI_DATA_KEYS_PREVIOUS (the old ones) as the service
does. Refuses, changing nothing, when a value is sealed with a key it was not given. Each batch
commits on its own and values already sealed with the new key are left alone, so an interrupted
run is continued by running it again. Consent notes inside audit log entries stay sealed with the
key of their day (the audit log is never changed): it lists the keys they still need.`,
  options: { 'dry-run': { type: 'boolean' }, ...databaseUrlOption },
  run: async (values, io) => {
    const keys = dataKeys(io);
    return withDatabase(io, values, async (database) => {
      const plan = await planReseal(database.knex, keys);
      for (const [column, count] of Object.entries(plan.toReseal)) io.stdout.write(`${column}\t${count} to seal again\n`);
      for (const [keyId, count] of Object.entries(plan.auditLogByOlderKey)) {
        io.stdout.write(
          `audit_log consent notes\t${count} sealed with key ${keyId}: keep that key in LINLI_DATA_KEYS_PREVIOUS while they must be readable\n`,
        );
      }
      if (values['dry-run'] === true || plan.total === 0) {
        io.stderr.write(
          plan.total === 0
            ? `every value is sealed with the current key ${plan.currentKeyId}\n`
            : `dry run: ${plan.total} values would be sealed again with key ${plan.currentKeyId}\n`,
        );
        return exitCodes.done;
      }
      const progress = startProgress(io.stderr, 'resealing', plan.total);
      try {
        const outcome = await reseal(database.knex, keys, io.now(), (done) => progress.update(done));
        io.stdout.write(
          `sealed again with key ${plan.currentKeyId}: ${outcome.resealed}; changed by the service meanwhile (already current): ${outcome.changedMeanwhile}\n`,
        );
      } finally {
        progress.stop();
      }
      return exitCodes.done;
    });
  },
};
