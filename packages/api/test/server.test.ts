import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { demoPassword } from '../src/demo/demo-data.js';
import { devDataKeyFileName } from '../src/dev-data-key.js';
import { createLogger } from '../src/logger.js';
import { startServer } from '../src/server.js';
import { holdLoginInFlight, startServiceProcess } from './test-support/service-process.js';

describe('the server on an embedded database folder', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('starts, seeds the demo, serves health, stops; restarts on the same folder without seeding again', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'linli-server-'));
    folders.push(dataDir);
    const config = readConfig({ PORT: '0', LINLI_DATA_DIR: dataDir, NODE_ENV: 'test' });
    const logger = createLogger('test');

    const first = await startServer(config, logger);
    let householdCode = '';
    try {
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${first.url}/readyz`)).json()).toEqual({ status: 'ready', database: 'pglite' });
      expect(first.demoLogins.map((login) => login.username)).toEqual(
        expect.arrayContaining(['admin', 'coordinator', 'staff', 'auditor', 'member', 'wang-ayi']),
      );
      householdCode = await firstHouseholdCode(first.url);
    } finally {
      await first.stop();
    }
    expect((await stat(join(dataDir, devDataKeyFileName))).mode & 0o077).toBe(0);

    // New JWT secret, same folder: the data and the development data key persist.
    const second = await startServer(readConfig({ PORT: '0', LINLI_DATA_DIR: dataDir, NODE_ENV: 'test' }), logger);
    try {
      expect(await firstHouseholdCode(second.url)).toBe(householdCode);
    } finally {
      await second.stop();
    }
  });

  it('finishes a request in flight and exits 0 when SIGTERM comes twice', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'linli-server-'));
    folders.push(dataDir);
    const service = await startServiceProcess({ LINLI_DATA_DIR: dataDir });
    try {
      const held = await holdLoginInFlight(service.url);
      service.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      service.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      held.finish();
      const answer = await held.response;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ accessToken: expect.any(String) });
      expect(await service.exited).toBe(0);
    } finally {
      service.child.kill('SIGKILL');
    }
  });
});

/** Logs in as the demo coordinator and reads the first household, personal data included. */
async function firstHouseholdCode(url: string): Promise<string> {
  const login = (await (
    await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ community: 'xianlin', username: 'coordinator', password: demoPassword }),
    })
  ).json()) as { accessToken: string };
  const response = await fetch(`${url}/api/v1/households?limit=1`, { headers: { Authorization: `Bearer ${login.accessToken}` } });
  expect(response.status).toBe(200);
  const page = (await response.json()) as { items: { code: string; personal: { name: string } }[] };
  expect(page.items[0]?.personal.name).toBeTruthy();
  return page.items[0]?.code ?? '';
}
