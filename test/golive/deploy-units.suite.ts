// The systemd units in deploy/systemd are valid: systemd's own checker reads each without a
// complaint (a misspelt setting, a relative ExecStart, a missing [Install] target all show).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const analyze = '/usr/bin/systemd-analyze';
const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'systemd');

describe.skipIf(!existsSync(analyze))(
  `deploy/systemd units${existsSync(analyze) ? '' : ' (skipped: systemd-analyze is not installed)'}`,
  () => {
    it('the service, the sweep and its timer pass systemd-analyze verify', async () => {
      const units = readdirSync(folder)
        .filter((name) => /\.(service|timer)$/.test(name))
        .sort();
      expect(units).toEqual(['linli-sweep.service', 'linli-sweep.timer', 'linli.service']);
      for (const unit of units) {
        const { stdout, stderr } = await run(analyze, ['verify', path.join(folder, unit)], { encoding: 'utf8' });
        expect(`${stdout}${stderr}`.trim(), unit).toBe('');
      }
    });
  },
);
