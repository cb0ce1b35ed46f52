// `linli export`: a community's journal for a period, in every format the API offers, to a file or
// standard output; logged in the community's audit log as the API's download is.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Ledger, PostgresStore } from '@linli/ledger';
import { recordAudit } from '../audit/audit-log.js';
import { findCommunity } from '../communities.js';
import { operatorActor } from '../operations/community-setup.js';
import { OperationRefusal } from '../operations/operation-refusal.js';
import { journalText, writeWithBackpressure, type JournalFormat } from '../workflows/journal-export.js';
import { UsageError, exitCodes, type CliIo } from './cli-io.js';
import { databaseUrlOption, optionalOption, requiredOption, withDatabase, type Command } from './command.js';
import { startProgress } from './progress.js';

const formats: readonly JournalFormat[] = ['csv', 'hledger'];

/** A day on the community's clock (UTC+8, as the hledger export dates entries) or an ISO instant. */
export function readInstant(text: string, option: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const instant =
    day !== null ? new Date(`${text}T00:00:00+08:00`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime()))
    throw new UsageError(
      `--${option} must be a date (2026-01-31, midnight in China time) or an ISO time (2026-01-31T08:00:00Z), not ${JSON.stringify(text.slice(0, 40))}`,
    );
  return instant;
}

export const exportCommand: Command = {
  name: 'export',
  summary: "write a community's journal for a period as CSV or hledger text",
  help: `Options:
  --community CODE      the community
  --format csv|hledger  csv (default): RFC 4180, UTF-8 with a byte order mark, one row per
                        posting; hledger: an hledger/ledger-cli journal
  --from DATE           the first day (or instant) of the period, by effective time (inclusive)
  --to DATE             the day (or instant) after the period (exclusive)
  --output FILE         write to this file (written whole, then renamed into place); default:
                        standard output
  --database-url URL    the database (default: DATABASE_URL, else the embedded database in LINLI_DATA_DIR if set; with neither, the command refuses)

Dates without a time are midnight on the community's clock (UTC+8). The export is audit-logged
(ledger.journal_exported, by the operator).`,
  options: {
    community: { type: 'string' },
    format: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    output: { type: 'string' },
    ...databaseUrlOption,
  },
  run: async (values, io) => {
    const community = requiredOption(values, 'community');
    const format = (optionalOption(values, 'format') ?? 'csv') as JournalFormat;
    if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}`);
    const fromText = optionalOption(values, 'from');
    const toText = optionalOption(values, 'to');
    const from = fromText === undefined ? undefined : readInstant(fromText, 'from');
    const to = toText === undefined ? undefined : readInstant(toText, 'to');
    if (from !== undefined && to !== undefined && from.getTime() >= to.getTime()) throw new UsageError('--from must come before --to');
    const output = optionalOption(values, 'output');
    const written = await withDatabase(io, values, async (database) => {
      if ((await findCommunity(database.knex, community)) === undefined)
        throw new OperationRefusal('community_not_found', `there is no community ${JSON.stringify(community.slice(0, 64))}`);
      const ledger = new Ledger({ store: new PostgresStore(database.knex, database.kind) });
      const now = io.now();
      // The file first: an export that cannot be written is no export, and leaves no audit entry.
      const target = output === undefined ? undefined : await openOutput(io, output);
      try {
        await recordAudit(
          database.knex,
          {
            community,
            actor: operatorActor,
            action: 'ledger.journal_exported',
            target: `journal:${community}`,
            details: { format, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, via: 'command line' },
          },
          now,
        );
        const total = (await ledger.store.chainHead(community))?.seq ?? 0;
        const progress = startProgress(io.stderr, 'exporting', total);
        let scanned = 0;
        let selected = 0;
        const inPeriod = (transaction: { effectiveAt: string }): boolean => {
          scanned += 1;
          if (scanned % 500 === 0) progress.update(scanned);
          const at = Date.parse(transaction.effectiveAt);
          const keep = (from === undefined || at >= from.getTime()) && (to === undefined || at < to.getTime());
          if (keep) selected += 1;
          return keep;
        };
        try {
          await writeJournal(io, target, journalText(ledger, community, format, inPeriod));
        } finally {
          progress.update(scanned);
          progress.stop();
        }
        return selected;
      } catch (error) {
        await target?.discard();
        throw error;
      }
    });
    io.stderr.write(
      `exported ${written} transaction${written === 1 ? '' : 's'} of ${community} as ${format}${output === undefined ? '' : ` to ${output}`}\n`,
    );
    return exitCodes.done;
  },
};

/** An output file opened for the export: written to a temporary file beside it, renamed into place when whole. */
interface OutputFile {
  file: WriteStream;
  path: string;
  partial: string;
  discard(): Promise<void>;
}

/**
 * Opens (creates) the temporary file of `--output` before anything else happens, so that a folder
 * that does not exist, a path that is a folder or a file that may not be written is refused
 * (`invalid_input`, exit 1) with the system's reason, having changed nothing.
 */
async function openOutput(io: CliIo, output: string): Promise<OutputFile> {
  const path = resolve(io.cwd, output);
  const partial = `${path}.partial-${process.pid}`;
  const cannot = (error: unknown): OperationRefusal =>
    new OperationRefusal(
      'invalid_input',
      `cannot write --output ${output}: ${error instanceof Error ? error.message : String(error)}; nothing was exported`,
    );
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory() === true) throw cannot(new Error(`EISDIR: ${path} is a folder`));
  const file = createWriteStream(partial, { flags: 'wx' });
  await new Promise<void>((resolveOpen, reject) => {
    file.once('open', () => resolveOpen());
    file.once('error', (error) => reject(cannot(error)));
  });
  return {
    file,
    path,
    partial,
    discard: async () => {
      file.destroy();
      await rm(partial, { force: true });
    },
  };
}

/** To standard output, or to the opened temporary file renamed into place, so a failed export leaves no partial file. */
async function writeJournal(io: CliIo, output: OutputFile | undefined, chunks: AsyncIterable<string>): Promise<void> {
  if (output === undefined) {
    // A real stream (the process's stdout, piped to a slow reader) is written with backpressure.
    if (io.stdout instanceof Writable) await writeWithBackpressure(io.stdout, chunks);
    else for await (const chunk of chunks) io.stdout.write(chunk);
    return;
  }
  await writeWithBackpressure(output.file, chunks);
  output.file.end();
  await finished(output.file);
  await rename(output.partial, output.path);
}
