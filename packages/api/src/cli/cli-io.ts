// What a command of the `linli` command line gets (arguments' environment, streams, clock) and how
// it fails: one error type per exit code, so every command ends with the same clear codes.
import type { Readable } from 'node:stream';

/**
 * Exit codes, the same for every command (README and `linli --help` list them):
 * 0 done; 1 refused (the input's values or the database's state say no: nothing changed);
 * 2 usage (an unknown command or option, a missing or malformed one); 3 the journal does not
 * verify (`linli verify`); 4 configuration or database not usable (a wrong URL, a missing data
 * key, a database that cannot be reached or is not migrated); 5 failed unexpectedly (the message says where).
 */
export const exitCodes = { done: 0, refused: 1, usage: 2, tamperFound: 3, unusable: 4, failed: 5 } as const;

export interface OutputStream {
  write(text: string): unknown;
  /** True when a person watches (a terminal): progress bars and prompts only then. */
  isTTY?: boolean | undefined;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: Readable & { isTTY?: boolean | undefined };
  env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths (LINLI_DATA_DIR, --output) are read from. */
  cwd: string;
  now: () => Date;
}

/** A command line the command cannot read: exit 2, with the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The configuration or the database is not usable: exit 4. */
export class UnusableError extends Error {
  override readonly name = 'UnusableError';
}
