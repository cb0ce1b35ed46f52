// The operator's command line, `linli <command> [options]`: reads the command and its options
// (node:util parseArgs), runs it, and turns every outcome into a message and an exit code.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { OperationRefusal } from '../operations/operation-refusal.js';
import { exitCodes, UnusableError, UsageError, type CliIo } from './cli-io.js';
import type { Command } from './command.js';
import { exportCommand } from './export-command.js';
import { communityCreateCommand, initCommand, platformCreateCommand } from './init-command.js';
import { migrateCommand } from './migrate-command.js';
import { resealCommand } from './reseal-command.js';
import { sweepCommand } from './sweep-command.js';
import { userResetPasswordCommand } from './user-reset-password-command.js';
import { verifyCommand } from './verify-command.js';

export const commands: readonly Command[] = [
  migrateCommand,
  initCommand,
  communityCreateCommand,
  platformCreateCommand,
  userResetPasswordCommand,
  verifyCommand,
  exportCommand,
  resealCommand,
  sweepCommand,
];

const exitCodeHelp = `Exit codes: 0 done; 1 refused (nothing changed); 2 usage; 3 a journal does not verify;
4 configuration or database not usable; 5 failed unexpectedly.`;

function version(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return `Usage: linli <command> [options]   (linli <command> --help for its options)

The operator's command line of Linli (邻里). It reads the service's environment: DATABASE_URL
(else the embedded database in LINLI_DATA_DIR; with neither set, a command that needs a
database refuses with exit 4), LINLI_OWNER_DATABASE_URL for migrate,
LINLI_DATA_KEY and LINLI_DATA_KEYS_PREVIOUS for reseal; see .env.example.

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

${exitCodeHelp}
`;
}

function commandHelp(command: Command): string {
  return `Usage: linli ${command.name} [options]

${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.

${command.help}
  --help               this text

${exitCodeHelp}
`;
}

/** The command named by the first one or two words, and the arguments after them. */
function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((word, index) => argv[index] === word)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(overview());
    return argv.length === 0 ? exitCodes.usage : exitCodes.done;
  }
  if (argv[0] === '--version') {
    io.stdout.write(`${version()}\n`);
    return exitCodes.done;
  }
  const found = findCommand(argv);
  if (found === undefined) {
    io.stderr.write(`linli: unknown command ${JSON.stringify(argv.slice(0, 2).join(' '))}\n\n${overview()}`);
    return exitCodes.usage;
  }
  const { command, rest } = found;
  const name = `linli ${command.name}`;
  try {
    let values: Record<string, string | boolean | undefined>;
    try {
      values = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean' } }, strict: true, allowPositionals: false })
        .values as Record<string, string | boolean | undefined>;
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (values['help'] === true) {
      io.stdout.write(commandHelp(command));
      return exitCodes.done;
    }
    return await command.run(values, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${name}: ${error.message}\nSee \`${name} --help\`.\n`);
      return exitCodes.usage;
    }
    if (error instanceof OperationRefusal) {
      io.stderr.write(`${name}: refused (${error.code}): ${error.message}\n`);
      return exitCodes.refused;
    }
    if (error instanceof UnusableError) {
      io.stderr.write(`${name}: ${error.message}\n`);
      return exitCodes.unusable;
    }
    io.stderr.write(`${name}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return exitCodes.failed;
  }
}
