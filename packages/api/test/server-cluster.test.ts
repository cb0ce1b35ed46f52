// LINLI_WORKERS=2 on a PostgreSQL server: one port, two worker processes that accept each other's
// tokens and a single process's, one login limiter for the service, and a clean stop.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createScratchDatabase, serverSkipReason, serverUrl } from '@linli/ledger/testing';
import { describe, expect, it } from 'vitest';
import { demoPassword } from '../src/demo/demo-data.js';
import { AccessTokens } from '../src/auth/access-tokens.js';
import { loginLimitsDefault } from '../src/deps.js';
import { holdLoginInFlight, serverScript, startServiceProcess, type ServiceProcess } from './test-support/service-process.js';

const baseUrl = serverUrl();

/** Starts `LINLI_WORKERS=2` on a scratch database with the given extra environment. */
async function startCluster(
  scratchUrl: string,
  env: Record<string, string> = {},
): Promise<ServiceProcess & { stop(): Promise<number | null> }> {
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
  fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Connection: 'close' },
    body: JSON.stringify({ community: 'xianlin', username, password }),
  });

describe.skipIf(baseUrl === undefined)(
  baseUrl === undefined ? `the service with LINLI_WORKERS=2 (${serverSkipReason})` : 'the service with LINLI_WORKERS=2',
  () => {
    it("serves one port from two workers that accept each other's tokens, and stops on SIGTERM", { timeout: 120_000 }, async () => {
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
          const response = await fetch(`${url}/api/v1/me/balances`, {
            headers: { Authorization: `Bearer ${session.accessToken}`, Connection: 'close' },
          });
          expect(response.status).toBe(200);
        }
      } finally {
        expect(await cluster.stop()).toBe(0);
        await scratch.drop();
      }
    });

    it('keeps the configured JWT secret: tokens of a worker and of a single process are good at each other', {
      timeout: 120_000,
    }, async () => {
      // Text that is not base64 of itself: a worker reading anything but these UTF-8 bytes signs with another key.
      const jwtSecret = `the configured secret, not base64: 邻里 ${'x'.repeat(24)}`;
      const dataKey = Buffer.alloc(32, 9).toString('base64url');
      const scratch = await createScratchDatabase(baseUrl ?? '');
      const cluster = await startCluster(scratch.url, { LINLI_JWT_SECRET: jwtSecret, LINLI_DATA_KEY: dataKey });
      try {
        const single = new AccessTokens(Buffer.from(jwtSecret, 'utf8'));
        const session = (await (await loginAt(cluster.url, 'member', demoPassword)).json()) as { accessToken: string };
        expect(single.verify(session.accessToken).community).toBe('xianlin');
        const coordinator = (await (await loginAt(cluster.url, 'coordinator', demoPassword)).json()) as { accessToken: string };
        const claims = single.verify(coordinator.accessToken);
        expect(claims.sessionId).toEqual(expect.any(String));
        const issued = single.issue({
          userId: claims.userId,
          role: claims.role,
          community: claims.community,
          sessionId: claims.sessionId ?? '',
        }).token;
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
        const list = (await (await fetch(`${cluster.url}/api/v1/members`, { headers })).json()) as {
          items: { id: string; username: string }[];
        };
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

    it('finishes a request in flight and exits 0 when every process gets SIGTERM twice (systemd KillMode=control-group)', {
      timeout: 120_000,
    }, async () => {
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

    it('counts login failures once for the service: the same limits and known addresses wherever attempts land', {
      timeout: 120_000,
    }, async () => {
      const scratch = await createScratchDatabase(baseUrl ?? '');
      const cluster = await startCluster(scratch.url);
      // Every attempt of this test comes from one address; the per-address count sees its failures.
      const attempt = async (username: string, password: string, connection: 'close' | 'keep-alive'): Promise<number> => {
        const response = await fetch(`${cluster.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Connection: connection },
          body: JSON.stringify({ community: 'xianlin', username, password }),
        });
        await response.arrayBuffer();
        return response.status;
      };
      const guesses = loginLimitsDefault.perUsernameAndAddress.limit;
      try {
        // Successes, a new connection each (both workers in turn), count for nothing; the last
        // makes the address known for `member` on the primary, for every worker.
        const successes: number[] = [];
        for (let count = 0; count < loginLimitsDefault.perAddress.limit + 2; count += 1)
          successes.push(await attempt(count % 2 === 0 ? 'member' : 'wang-ayi', demoPassword, 'close'));
        expect(successes).toEqual(Array<number>(loginLimitsDefault.perAddress.limit + 2).fill(200));

        // Failures on one username, spread over the workers: exactly the per-(username, address) limit.
        const spread: number[] = [];
        for (let count = 0; count < guesses + 2; count += 1) spread.push(await attempt('li-shifu', 'not-the-password', 'close'));
        expect(spread).toEqual([...Array<number>(guesses).fill(401), 429, 429]);

        // One keep-alive connection, as a browser's: every attempt on one worker, the limit the same.
        const oneWorker: number[] = [];
        for (let count = 0; count < guesses + 1; count += 1) oneWorker.push(await attempt('staff', 'not-the-password', 'keep-alive'));
        expect(oneWorker).toEqual([...Array<number>(guesses).fill(401), 429]);

        // Other usernames each time, spread again, until the address is at its limit: only the
        // failures so far counted against it, wherever they landed.
        const addressLeft = loginLimitsDefault.perAddress.limit - 2 * guesses;
        const byAddress: number[] = [];
        for (let count = 0; count < addressLeft + 2; count += 1)
          byAddress.push(await attempt(`nobody-${count}`, 'not-the-password', 'close'));
        expect(byAddress).toEqual([...Array<number>(addressLeft).fill(401), 429, 429]);
        // The address is refused for usernames never seen at it, but `member` logged in from it.
        expect(await attempt('zhao-daye', demoPassword, 'close')).toBe(429);
        expect([await attempt('member', demoPassword, 'close'), await attempt('member', demoPassword, 'close')]).toEqual([200, 200]);
      } finally {
        expect(await cluster.stop()).toBe(0);
        await scratch.drop();
      }
    });
  },
);
