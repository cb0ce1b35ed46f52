// The operator's command line as an operator runs it: `linli` (packages/api/bin/linli.js, the
// built command) in a child process with the environment given and nothing of the test's own.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bin of the api package, found from this file whether it runs as source or compiled. */
export const linliBin = findUp(path.dirname(fileURLToPath(import.meta.url)), 'packages/api/bin/linli.js');

function findUp(folder: string, relative: string): string {
  for (let current = folder; ; current = path.dirname(current)) {
    const candidate = path.join(current, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) throw new Error(`${relative} not found above ${folder}`);
  }
}

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `linli <args>`; never throws for a non-zero exit (the code is the answer). */
export function runLinli(args: readonly string[], env: Record<string, string>, stdin?: string): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [linliBin, ...args],
      { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }, encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`linli ${args.join(' ')} did not run: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}
