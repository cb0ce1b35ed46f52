// LINLI_WORKERS=2 on a PostgreSQL server: one port, two worker processes that accept each other's
// tokens, login limits that together allow no more than one process would, and a clean stop.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createScratchDatabase, serverSkipReason, serverUrl } from '@linli/ledger/testing';
import { describe, expect, it } from 'vitest';
import { demoPassword } from './demo/demo-data.js';
import { AccessTokens } from './auth/access-tokens.js';
import { loginLimitsDefault } from './deps.js';
import { holdLoginInFlight, serverScript, startServiceProcess, type ServiceProcess } from './test-support/service-process.js';

const baseUrl = serverUrl();

/** Starts `LINLI_WORKERS=2` on a scratch database with the given extra environment. */
async function startCluster(scratchUrl: string, env: Record<string, string> = {}): Promise<ServiceProcess & { stop(): Promise<number | null> }> {
  const service = await startServiceProcess({ DATABASE_URL: scratchUrl, LINLI_WORKERS: '2', ...env });
  return {
    ...service,
    stop: () => {
      service.child.kill('SIGTERM');
      return service.exited;
    },
  };
}

const workerPids = (primary: number): number[] =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(primary)], { encoding: 'utf8' })
    .trim()
    .split(/\s+/)
    .map(Number);

function signalIfRunning(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

const loginAt = (url: string, username: string, password: string) =>
  fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Connection: 'close' }, body: JSON.stringify({ community: 'xianlin', username, password }) });

describe.skipIf(baseUrl === undefined)(baseUrl === undefined ? `the service with LINLI_WORKERS=2 (${serverSkipReason})` : 'the service with LINLI_WORKERS=2', () => {
  it('serves one port from two workers, shares secrets and login limits, and stops on SIGTERM', { timeout: 120_000 }, async () => {
    expect(existsSync(serverScript), 'the service is built (npm test runs tsc -b first)').toBe(true);
    const scratch = await createScratchDatabase(baseUrl ?? '');
    const cluster = await startCluster(scratch.url);
    const { url } = cluster;
    try {
      expect(workerPids(cluster.child.pid ?? 0)).toHaveLength(2);

      const login = (username: string, password: string) => loginAt(url, username, password);
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
      expect(await cluster.stop()).toBe(0);
      await scratch.drop();
    }
  });

  it('keeps the configured JWT secret: tokens of a worker and of a single process are good at each other', { timeout: 120_000 }, async () => {
    // Text that is not base64 of itself: a worker reading anything but these UTF-8 bytes signs with another key.
    const jwtSecret = 'the configured secret, not base64: 邻里 ' + 'x'.repeat(24);
    const dataKey = Buffer.alloc(32, 9).toString('base64url');
    const scratch = await createScratchDatabase(baseUrl ?? '');
    const cluster = await startCluster(scratch.url, { LINLI_JWT_SECRET: jwtSecret, LINLI_DATA_KEY: dataKey });
    try {
      const single = new AccessTokens(Buffer.from(jwtSecret, 'utf8'));
      const session = (await (await loginAt(cluster.url, 'member', demoPassword)).json()) as { accessToken: string };
      expect(single.verify(session.accessToken).community).toBe('xianlin');
      const coordinator = (await (await loginAt(cluster.url, 'coordinator', demoPassword)).json()) as { accessToken: string };
      const claims = single.verify(coordinator.accessToken);
      const issued = single.issue({ userId: claims.userId, role: claims.role, community: claims.community }).token;
      for (let request = 0; request < 4; request += 1) {
        const response = await fetch(`${cluster.url}/api/v1/me`, { headers: { Authorization: `Bearer ${issued}`, Connection: 'close' } });
        expect(response.status).toBe(200);
      }
    } finally {
      expect(await cluster.stop()).toBe(0);
      await scratch.drop();
    }
  });

  it('hands generated secrets to every worker: a token and sealed personal data are good at both', { timeout: 120_000 }, async () => {
    const scratch = await createScratchDatabase(baseUrl ?? '');
    const cluster = await startCluster(scratch.url, { LINLI_JWT_SECRET: '', LINLI_DATA_KEY: '' });
    try {
      const coordinator = (await (await loginAt(cluster.url, 'coordinator', demoPassword)).json()) as { accessToken: string };
      const headers = { Authorization: `Bearer ${coordinator.accessToken}`, Connection: 'close' };
      const list = (await (await fetch(`${cluster.url}/api/v1/members`, { headers })).json()) as { items: { id: string; username: string }[] };
      const member = list.items.find((item) => item.username === 'member');
      expect(member).toBeDefined();
      // The demo seed sealed the phones in the primary; both workers must open them.
      for (let request = 0; request < 4; request += 1) {
        const response = await fetch(`${cluster.url}/api/v1/members/${member?.id ?? ''}`, { headers });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { phone?: unknown }).phone).toBe('13800000001');
      }
    } finally {
      expect(await cluster.stop()).toBe(0);
      await scratch.drop();
    }
  });

  it('finishes a request in flight and exits 0 when every process gets SIGTERM twice (systemd KillMode=control-group)', { timeout: 120_000 }, async () => {
    const scratch = await createScratchDatabase(baseUrl ?? '');
    const cluster = await startCluster(scratch.url);
    try {
      const primary = cluster.child.pid ?? 0;
      const everyone = [primary, ...workerPids(primary)];
      expect(everyone).toHaveLength(3);
      const held = await holdLoginInFlight(cluster.url);
      for (let round = 0; round < 2; round += 1) {
        // A worker with nothing in flight may be gone by the second round.
        for (const pid of everyone) signalIfRunning(pid);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      held.finish();
      const answer = await held.response;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ accessToken: expect.any(String) });
      expect(await cluster.exited).toBe(0);
    } finally {
      cluster.child.kill('SIGKILL');
      await scratch.drop();
    }
  });
});
