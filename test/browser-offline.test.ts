// The web app on a phone that loses its signal or is old: after one visit it opens offline with the
// last balance and history clearly marked as not current, a write made offline is refused in
// front of the person and never sent later, and the app runs without built-ins newer than Chrome 80.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, startHarness, type Harness } from './browser-harness.js';

const skip = browserSkipReason !== undefined;

/**
 * What browsers the app supports (Chrome 80, Safari 14.1) lack and newer ones have: removed
 * before the app's script runs, so a call to any of them fails here as it would on such a phone.
 */
const newerThanTargets = `
  for (const [owner, name] of [
    [Object, 'hasOwn'], [Object, 'groupBy'], [Promise, 'any'], [globalThis, 'structuredClone'],
    [Array.prototype, 'at'], [Array.prototype, 'findLast'], [Array.prototype, 'findLastIndex'], [Array.prototype, 'toSorted'],
    [String.prototype, 'at'], [String.prototype, 'replaceAll'],
    [Element.prototype, 'replaceChildren'], [Document.prototype, 'replaceChildren'], [DocumentFragment.prototype, 'replaceChildren'],
    [AbortSignal, 'timeout'], [AbortSignal, 'any'], [Crypto.prototype, 'randomUUID'],
  ]) delete owner[name];
`;

async function figure(page: Page, name: string): Promise<string> {
  const value = page.locator(`[data-figure="${name}"] dd`);
  await value.waitFor();
  return (await value.textContent()) ?? '';
}

/** The rows of the history table, as text, once it has loaded. */
async function historyRows(page: Page): Promise<string[]> {
  await page.locator('main table tbody tr').first().waitFor();
  return page.locator('main table tbody tr').allTextContents();
}

/** Waits until the service worker controls the page (it claims it once installed). */
async function controlled(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), { interval: 200, timeout: 30_000 }).toBe(true);
}

describe.skipIf(skip)(
  skip ? `web app offline and on old phones (skipped: ${browserSkipReason})` : 'web app offline and on old phones',
  () => {
    let harness: Harness;

    beforeAll(async () => {
      harness = await startHarness();
    }, 180_000);

    afterAll(async () => {
      await harness?.close();
    });

    it('after one visit, opens offline with the last balance and history marked as not current, and sends nothing typed offline later', async () => {
      const page = await harness.newPage({ width: 390 });
      await harness.login(page, 'member');
      const balance = await figure(page, 'balance');
      await expect.poll(() => page.locator('[data-state="not-current"]').count()).toBe(0);
      await page.goto(`${harness.baseUrl}/#/volunteer/history`);
      const rows = await historyRows(page);
      await page.goto(`${harness.baseUrl}/#/volunteer`);
      await figure(page, 'balance');
      await controlled(page);
      // Chromium's own verdict on the manifest, icons and service worker: nothing stops installing
      // but the test's own profile (every Playwright context is an incognito one).
      const cdp = await page.context().newCDPSession(page);
      const installability = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
      expect(installability.installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);

      await page.context().setOffline(true);
      await page.reload();
      const notice = page.locator('[data-state="not-current"]');
      await notice.waitFor();
      expect(await figure(page, 'balance')).toBe(balance);
      // The time it was seen, in the community's words (zh-CN by default).
      expect(await notice.textContent()).toMatch(/不是最新数据.*\d{1,2}:\d{2}/);
      expect(await page.locator('[data-state="offline"]').isVisible()).toBe(true);
      expect(await harness.seriousViolations(page)).toEqual([]);
      await harness.screenshot(page, 'offline-balance-not-current', { fullPage: false });

      await page.goto(`${harness.baseUrl}/#/volunteer/history`);
      await page.locator('[data-state="not-current"]').waitFor();
      expect(await historyRows(page)).toEqual(rows);

      // A gift typed offline is refused on the spot and not kept to send later.
      await page.goto(`${harness.baseUrl}/#/volunteer/give`);
      await page.locator('form[data-form="give"]').waitFor();
      await page.locator('input[name="recipient"][value="pool"]').check();
      await page.locator('input[name="hours"]').fill('0.25');
      await page.locator('form[data-form="give"] button[type="submit"]').click();
      await page.locator('[data-code="network_error"], [role="alert"]').first().waitFor();

      await page.context().setOffline(false);
      await page.waitForTimeout(2_000);
      await page.goto(`${harness.baseUrl}/#/volunteer`);
      await page.reload();
      expect(await figure(page, 'balance')).toBe(balance);
      await expect.poll(() => page.locator('[data-state="not-current"]').count()).toBe(0);
      expect(await page.locator('[data-state="offline"]').isVisible()).toBe(false);
    });

    it('shows nothing of the last balance to a tab without the session (after logout)', async () => {
      const page = await harness.newPage();
      await harness.login(page, 'member');
      await figure(page, 'balance');
      await controlled(page);
      await page.locator('[data-action="logout"]').click();
      await page.locator('form[data-form="login"]').waitFor();
      const kept = await page.evaluate('Object.keys(sessionStorage).filter((key) => key.startsWith("linli."))');
      expect(kept).toEqual([]);
      await page.context().setOffline(true);
      await page.goto(`${harness.baseUrl}/#/volunteer`);
      await page.locator('form[data-form="login"]').waitFor();
      expect(await page.locator('[data-figure="balance"]').count()).toBe(0);
    });

    it('runs without the built-ins newer than Chrome 80: login, balance, another page and the other language', async () => {
      const page = await harness.newPage({ width: 390 });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.context().addInitScript(newerThanTargets);
      await harness.login(page, 'member');
      expect(await figure(page, 'balance')).toMatch(/\d/);
      await page.goto(`${harness.baseUrl}/#/volunteer/history`);
      await historyRows(page);
      await page.locator('[data-action="switch-language"]').click();
      await expect.poll(() => page.locator('main h1').textContent()).toMatch(/History|history/);
      expect(await page.evaluate('typeof Element.prototype.replaceChildren')).toBe('undefined');
      expect(errors).toEqual([]);
    });
  },
);
