#!/usr/bin/env node
// The `linli` command: runs the built command line (packages/api/dist/cli/linli.js). Kept as a
// small file outside dist so that npm can link it before the first build.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/linli.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('linli: the command line is not built yet: run `npm run build` in the repository first\n');
  process.exit(5);
}
const { runCli } = await import(built.href);
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
});
