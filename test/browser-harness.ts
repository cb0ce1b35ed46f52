// The browser tests' harness: the app in process on PGlite with the demo seed on an ephemeral
// port, headless Chromium driven by playwright-core, logins as demo users, screenshots kept
// under test-artifacts/, and axe-core run inside the page.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { buildApp, createDeps, seedDemo, type LoginLimits } from '@linli/api';
import { openDatabase, type Database } from '@linli/ledger';
import { migrateToLatest } from '@linli/api';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env['LINLI_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why the browser suites are skipped, or undefined when they run. */
export const browserSkipReason: string | undefined = process.env['LINLI_SKIP_BROWSER'] === '1' ? 'LINLI_SKIP_BROWSER=1' : undefined;

export const demoCommunityCode = 'xianlin';
export const demoPasswordForTests = 'demo-linli-2026';

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
export const artifactsDir = join(repositoryRoot, 'test-artifacts', 'browser');

/** Chromium's switches: quiet, offline apart from the app, nothing remembered between runs. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Logins in these tests are many and fast; the real limits are tested in the api's own tests. */
const loginLimits: LoginLimits = {
  perUsernameAndAddress: { limit: 10_000, windowMs: 60_000, keysMax: 1_000 },
  perUsername: { limit: 10_000, windowMs: 60_000, keysMax: 1_000 },
  perAddress: { limit: 10_000, windowMs: 60_000, keysMax: 1_000 },
  knownAddresses: { rememberMs: 60_000, keysMax: 1_000 },
};

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

export interface PageOptions {
  locale?: 'zh-CN' | 'en';
  elderly?: boolean;
  /** CSS pixels; 390 is a phone. */
  width?: number;
}

export interface Harness {
  baseUrl: string;
  database: Database;
  /** The demo households' pseudonymous codes. */
  households: readonly string[];
  /** The demo users' ids (member numbers), by username. */
  users: ReadonlyMap<string, string>;
  /** A fresh browser context (its own storage) with one blank page; the app's language and mode are preset for its first load. */
  newPage(options?: PageOptions): Promise<Page>;
  /** Logs in through the login form as a demo user and waits for the role's start page. */
  login(page: Page, username: string): Promise<void>;
  /** The whole page, or only what the window shows with `fullPage: false` (faster). */
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
  /** Runs axe-core in the page; returns the serious and critical violations, described. */
  seriousViolations(page: Page): Promise<string[]>;
  close(): Promise<void>;
}

export function requireChromium(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}: install it (apt-get install -y chromium; .ci/run does) or set LINLI_SKIP_BROWSER=1 to skip the browser tests`,
    );
  }
  const shell = fileURLToPath(new URL('../packages/web/site/index.html', import.meta.url));
  if (!existsSync(shell)) throw new Error('the web app is not built (packages/web/site): run `npm run build` (npm test builds first)');
}

export async function startHarness(): Promise<Harness> {
  requireChromium();
  await mkdir(artifactsDir, { recursive: true });
  const database = openDatabase({});
  await migrateToLatest(database.knex);
  const deps = createDeps({ database, jwtSecret: randomBytes(32), dataKey: randomBytes(32), demo: true, loginLimits });
  const seeded = await seedDemo(deps);
  if (!seeded.seeded) throw new Error('the fresh database was not empty');
  const app = buildApp(deps);
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) => (error === undefined ? resolve(listening) : reject(error)));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Playwright gives the browser a fresh, temporary --user-data-dir of its own and removes it afterwards.
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const contexts: BrowserContext[] = [];
  const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  const newPage = async (options: PageOptions = {}): Promise<Page> => {
    const width = options.width ?? 1280;
    const context = await browser.newContext({
      viewport: { width, height: width < 600 ? 844 : 900 },
      locale: options.locale ?? 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    contexts.push(context);
    // The stored preferences, set before the app's own scripts run on the first load (and left
    // alone afterwards, so that switching them in the page sticks across reloads).
    const locale = JSON.stringify(options.locale ?? 'zh-CN');
    const elderly = JSON.stringify(options.elderly === true ? '1' : '0');
    await context.addInitScript(
      `if (localStorage.getItem('linli.locale') === null) { localStorage.setItem('linli.locale', ${locale}); localStorage.setItem('linli.elderly', ${elderly}); }`,
    );
    return context.newPage();
  };

  const login = async (page: Page, username: string): Promise<void> => {
    await page.goto(`${baseUrl}/#/login`);
    await page.locator('form[data-form="login"]').waitFor();
    await page.locator('input[name="community"]').fill(demoCommunityCode);
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(demoPasswordForTests);
    await page.locator('form[data-form="login"] button[type="submit"]').click();
    await page.locator('[data-action="logout"]').waitFor();
  };

  const screenshot = async (page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> => {
    const path = join(artifactsDir, `${name}.png`);
    await page.screenshot({ path, fullPage: options.fullPage ?? true });
    return path;
  };

  const seriousViolations = async (page: Page): Promise<string[]> => {
    // Hash routing keeps one document, so axe is injected once per page.
    if ((await page.evaluate('typeof axe')) === 'undefined') await page.evaluate(axeSource);
    const violations =
      (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 3).map((node) => JSON.stringify(node.target) + ' ' + (node.failureSummary || '')),
    })))`)) as AxeViolation[];
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.impact} ${violation.id}: ${violation.help}\n    ${violation.nodes.join('\n    ')}`);
  };

  const close = async (): Promise<void> => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await database.close();
  };

  return { baseUrl, database, households: seeded.households, users: seeded.users, newPage, login, screenshot, seriousViolations, close };
}

/** A scratch folder for downloads, removed by the caller. */
export async function scratchFolder(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'linli-browser-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
