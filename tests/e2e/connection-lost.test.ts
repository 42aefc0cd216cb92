import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { startRestartableWebHost, type RestartableWebHost } from '../support/webhost-restartable';

// Issue 9, point 12: the web host goes away under a page showing a running live. A banner says
// so and the figures stop; when the host is back at the same address, the banner clears and
// the page reads the lives again (the live was interrupted by the crash).
let host: RestartableWebHost;
let en: E2eBrowser;
let fr: E2eBrowser;
const LONG = 90_000;
// Chromium logs each refused reconnection attempt; that is the point of the test.
const REFUSED = /WebSocket connection to .* failed/;

beforeAll(async () => {
  host = await startRestartableWebHost();
  en = await launchE2eBrowser({ locale: 'en-US', expectedConsole: REFUSED });
  fr = await launchE2eBrowser({ locale: 'fr-FR', expectedConsole: REFUSED });
}, 120_000);

afterAll(async () => {
  await en?.close();
  await fr?.close();
  await host?.stop();
});

async function startDemo(page: Page): Promise<string> {
  await page.locator('[data-testid=lives-empty], [data-testid=lives-list]').first().waitFor({ timeout: 30_000 });
  const id = await page.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        livemanager: { lives: { create(f: unknown): Promise<{ id: string }>; start(i: unknown): Promise<unknown> } };
      }
    ).livemanager;
    const live = await api.lives.create({
      title: 'Connection drill',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    await api.lives.start({ liveId: live.id });
    return live.id;
  });
  return id;
}

const stat = (page: Page, key: string) => page.locator(`[data-stat=${key}] dd`);

describe('when the engine goes away', () => {
  it('says so in a banner, freezes the figures, and clears once the host is back (en, then fr)', async () => {
    const page = await en.open(`${host.url}#/lives`);
    const liveId = await startDemo(page);
    const frPage = await fr.open(`${host.url.replace('/?', '/?theme=light&lang=fr&')}#/lives/${liveId}`);
    await page.goto(`${host.url}#/lives/${liveId}`);
    for (const p of [page, frPage]) {
      await p.locator('[data-testid=live-detail] header [data-testid=live-state][data-state=live]').waitFor({ timeout: LONG });
      await stat(p, 'fps')
        .filter({ hasText: /^[1-9]/ })
        .waitFor({ timeout: 30_000 });
    }
    expect(await page.locator('[data-testid=connection-lost]').count()).toBe(0);

    await host.kill();
    const banner = page.locator('[data-testid=connection-lost]');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toContain('Lost the connection to the engine');
    // No figure pretends to be current: every tile is a dash, and a line says why.
    await page.locator('[data-testid=stats][data-frozen=true]').waitFor();
    const values = await page.locator('[data-stat] dd').allTextContents();
    expect(new Set(values)).toEqual(new Set(['—']));
    const uptime = await stat(page, 'uptime').textContent();
    // Nor does a destination claim to be receiving.
    expect(await page.locator('[data-testid=destination-health]').getAttribute('data-health')).toBe('idle');
    expect(await page.locator('[data-testid=destination-health]').textContent()).toContain('Unknown');
    await page.locator('[data-testid=stats-frozen]').waitFor();
    await en.shot(page, 'connection-lost-dark-en');
    const frBanner = frPage.locator('[data-testid=connection-lost]');
    await frBanner.waitFor({ timeout: 15_000 });
    expect(await frBanner.textContent()).toContain('Connexion au moteur perdue');
    await fr.shot(frPage, 'connection-lost-light-fr');
    // The page's own calls fail at once with a sentence, not a hang.
    const refused = await page.evaluate(() =>
      (globalThis as unknown as { livemanager: { system: { info(): Promise<unknown> } } }).livemanager.system.info().then(
        () => 'answered',
        (error: Error) => error.message,
      ),
    );
    expect(refused).toMatch(/Not connected to the web host/);
    expect(await stat(page, 'uptime').textContent()).toBe(uptime);

    // A page opened meanwhile says why it has nothing to show…
    await frPage.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = '#/system';
    });
    await frPage
      .locator('[role=alert]', { hasText: 'LiveManager ne joint pas le moteur pour l’instant' })
      .waitFor({ timeout: 15_000 });

    await host.restart();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await frBanner.waitFor({ state: 'detached', timeout: 30_000 });
    // … and reads again once reconnected, without a reload (useRpc follows the connection).
    await frPage.locator('[data-testid=ffmpeg-card]').waitFor({ timeout: 30_000 });
    // Reconnected, the page reads the lives again: the crash interrupted this one.
    await page
      .locator('[data-testid=live-detail] header [data-testid=live-state]:not([data-state=live])')
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=stats]').getAttribute('data-frozen')).toBeNull();
    expect(en.problems).toEqual([]);
    expect(fr.problems).toEqual([]);
    await page.close();
    await frPage.close();
  }, 240_000);
});
