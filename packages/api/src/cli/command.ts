// The shape of one `linli` command, and helpers they share: reading options, the database the
// command works on, prompts and a password on standard input.
import { createInterface } from 'node:readline/promises';
import type { ParseArgsConfig } from 'node:util';
import type { Database } from '@linli/ledger';
import { UsageError, type CliIo } from './cli-io.js';
import { databaseTarget, openCliDatabase, type OpenOptions } from './cli-database.js';

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  /** As typed: `migrate`, `community create`. */
  name: string;
  summary: string;
  /** The help text after the usage line: options and what the command does. */
  help: string;
  /** node:util parseArgs options (each command also takes --help). */
  options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the exit code; refusals and failures are thrown (cli-io.ts, operation-refusal.ts). */
  run(values: OptionValues, io: CliIo): Promise<number>;
}

/** The option's value, or a usage error naming it. */
export function requiredOption(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The database of DATABASE_URL (or the embedded one), open and migrated, for `work`; closed after. */
export async function withDatabase<T>(
  io: CliIo,
  values: OptionValues,
  work: (database: Database) => Promise<T>,
  options: OpenOptions = { requireMigrated: true },
): Promise<T> {
  const target = databaseTarget(io, [
    { name: '--database-url', value: optionalOption(values, 'database-url') },
    { name: 'DATABASE_URL', value: io.env['DATABASE_URL'] },
  ]);
  const database = await openCliDatabase(target, options);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The --database-url option every command that opens the database takes. */
export const databaseUrlOption = { 'database-url': { type: 'string' } } as const;

/** The first line of standard input, without its line break (for passwords given by a script). */
export async function readFirstLine(io: CliIo, what: string): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n') || text.length > 4_096) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new UsageError(`${what} was expected on standard input, and it was empty`);
  return line;
}

/**
 * Asks for each missing value on the terminal; without a terminal, the missing options are a
 * usage error that names them all (scripts pass flags).
 */
export async function askForMissing(
  io: CliIo,
  values: OptionValues,
  questions: readonly { option: string; question: string }[],
): Promise<Record<string, string>> {
  const answers: Record<string, string> = {};
  const missing = questions.filter((question) => optionalOption(values, question.option) === undefined);
  for (const question of questions) {
    const given = optionalOption(values, question.option);
    if (given !== undefined) answers[question.option] = given;
  }
  if (missing.length === 0) return answers;
  if (io.stdin.isTTY !== true)
    throw new UsageError(`missing ${missing.map((question) => `--${question.option}`).join(', ')} (there is no terminal to ask on)`);
  // Lines are read as they come (and kept if they came before the question), so answers typed
  // ahead or pasted at once all count; the terminal itself echoes what is typed.
  const reader = createInterface({ input: io.stdin, crlfDelay: Infinity });
  const lines = reader[Symbol.asyncIterator]();
  try {
    for (const question of missing) {
      io.stderr.write(`${question.question}: `);
      const next = await lines.next();
      const answer = next.done === true ? '' : String(next.value).trim();
      if (answer === '') throw new UsageError(`--${question.option} is required`);
      answers[question.option] = answer;
    }
  } finally {
    reader.close();
  }
  return answers;
}
