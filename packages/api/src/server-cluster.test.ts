// LINLI_WORKERS=2 on a PostgreSQL server: one port, two worker processes that accept each other's
// tokens, login limits that together allow no more than one process would, and a clean stop.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase, serverSkipReason, serverUrl } from '@linli/ledger/testing';
import { describe, expect, it } from 'vitest';
import { demoPassword } from './demo/demo-data.js';
import { loginLimitsDefault } from './deps.js';

const baseUrl = serverUrl();
const serverScript = fileURLToPath(new URL('../dist/server.js', import.meta.url));

describe.skipIf(baseUrl === undefined)(baseUrl === undefined ? `the service with LINLI_WORKERS=2 (${serverSkipReason})` : 'the service with LINLI_WORKERS=2', () => {
  it('serves one port from two workers, shares secrets and login limits, and stops on SIGTERM', { timeout: 120_000 }, async () => {
    expect(existsSync(serverScript), 'the service is built (npm test runs tsc -b first)').toBe(true);
    const scratch = await createScratchDatabase(baseUrl ?? '');
    const child = spawn(process.execPath, [serverScript], { env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: scratch.url, PORT: '0', LINLI_WORKERS: '2', LINLI_DEMO: 'on' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          const found = /listening on (http:\/\/localhost:\d+)/.exec(text);
          if (found?.[1] !== undefined) resolve(found[1]);
        });
        void exited.then((code) => reject(new Error(`the service exited (${code}) before listening`)));
      });
      const workers = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' }).trim().split(/\s+/);
      expect(workers).toHaveLength(2);

      const login = (username: string, password: string) =>
        fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Connection: 'close' }, body: JSON.stringify({ community: 'xianlin', username, password }) });
      const session = (await (await login('member', demoPassword)).json()) as { accessToken: string };
      // Connections go to the workers in turn: a token issued by one is good at the other.
      for (let request = 0; request < 8; request += 1) {
        const response = await fetch(`${url}/api/v1/me/balances`, { headers: { Authorization: `Bearer ${session.accessToken}`, Connection: 'close' } });
        expect(response.status).toBe(200);
      }

      // A new connection per attempt, so the attempts are spread over both workers: were each to
      // allow the whole limit, more than the limit would be answered 401.
      const statuses: number[] = [];
      for (let attempt = 0; attempt < loginLimitsDefault.perUsername.limit + 2; attempt += 1) statuses.push((await login('wang-ayi', 'not-the-password')).status);
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(loginLimitsDefault.perUsername.limit);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await scratch.drop();
    }
  });
});
