import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkAddresses, Output, OutputLink } from '@shared/contract/outputs';
import { WATCH_TEXT } from '@shared/outputs/watch-text';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { startAudienceEngine, type AudienceEngine } from '../support/outputs/audience-engine';
import { REPO_ROOT } from '../support/webhost';

/**
 * Issue 14 §2 and §7: the watch page plays in Chromium (hls.js) through a signed link, shows the
 * title and state, loads media only with short-lived play tokens (never the link's own), and
 * refuses an expired, forged or revoked link — also one revoked while it plays. Needs
 * `npx electron-vite build` (out/watch/). Screenshots land in docs/screenshots/.
 */

const HOUR = 3600_000;
let clockOffset = 0;

async function videoTime(page: Page): Promise<number> {
  return page.locator('#video').evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
}

/** The video's clock moves on by `seconds` (it really plays, not a frozen first frame). */
async function playsOn(page: Page, seconds: number): Promise<void> {
  const from = await videoTime(page);
  await expect.poll(() => videoTime(page), { timeout: 60_000, interval: 250 }).toBeGreaterThanOrEqual(from + seconds);
}

describe('the watch page in Chromium', () => {
  let audience: AudienceEngine;
  let browser: E2eBrowser;
  let salon: Output;
  let liveId: string;
  const mediaTokens: string[] = [];

  beforeAll(async () => {
    audience = await startAudienceEngine({
      now: () => Date.now() + clockOffset,
      watchAssetsDir: path.join(REPO_ROOT, 'out/watch'),
    });
    salon = await audience.createOutput({ slug: 'salon', title: 'Soirée au salon' });
    const live = await audience.createFeeder('Concert du soir', { kind: 'testPattern' }, salon.id);
    liveId = live.id;
    await audience.start(liveId);
    await audience.waitForState(liveId, 'live', 60_000);
    browser = await launchE2eBrowser({ locale: 'en-US', expectedConsole: /403|Forbidden/ });
    browser.context.on('request', (request) => {
      const url = new URL(request.url());
      if (/\.(m3u8|ts)$/.test(url.pathname)) mediaTokens.push(url.searchParams.get('t') ?? '');
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await audience?.close();
  });

  const makeLink = (label: string): Promise<{ link: OutputLink; addresses: LinkAddresses }> =>
    audience.createLink({ outputId: salon.id, label });

  it('plays through a signed link, with title and state, media loaded only with play tokens', async () => {
    const { addresses } = await makeLink('Family');
    const page = await browser.open(addresses.watch);
    await expect.poll(() => page.title()).toBe('Soirée au salon');
    await page.locator('#badge[data-feed="live"]').waitFor({ timeout: 60_000 });
    await playsOn(page, 3);
    expect(await page.locator('#title').textContent()).toBe('Soirée au salon');
    expect(await page.locator('#live-title').textContent()).toBe('Concert du soir');
    // The overlay can show "Reconnecting…" for a moment while hls.js waits for data: poll it.
    await expect.poll(() => page.locator('#overlay').isHidden(), { timeout: 20_000 }).toBe(true);
    await browser.shot(page, 'watch-page');

    // The page's media requests carry play tokens (minutes long), never the link's token.
    const linkToken = new URL(addresses.watch).searchParams.get('t') ?? '';
    expect(mediaTokens.length).toBeGreaterThan(2);
    for (const token of mediaTokens) {
      expect(token.startsWith('v1.P.')).toBe(true);
      expect(token).not.toBe(linkToken);
    }
    // The page shows no playlist address to copy.
    expect(await page.locator('body').innerText()).not.toMatch(/m3u8|\?t=/);
    // Viewers are counted once the page polls its state.
    await expect
      .poll(
        async () => (await audience.call<{ items: OutputLink[] }>('outputs.listLinks', { outputId: salon.id })).items[0]?.views,
        {
          timeout: 20_000,
        },
      )
      .toBeGreaterThanOrEqual(1);
    await page.close();
  }, 120_000);

  it('is responsive and in French when asked (a phone)', async () => {
    const { addresses } = await makeLink('Phone');
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${addresses.watch}&lang=fr`);
    await page.locator('#badge[data-feed="live"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#badge').textContent()).toBe(WATCH_TEXT.fr.live);
    await playsOn(page, 2);
    const box = await page.locator('#video').boundingBox();
    expect(box?.width).toBeLessThanOrEqual(390);
    expect(box?.width).toBeGreaterThan(300);
    await browser.shot(page, 'watch-page-phone-fr');
    await page.close();
  }, 90_000);

  it('refuses a forged link with a page that says so', async () => {
    const { addresses } = await makeLink('To forge');
    const url = new URL(addresses.watch);
    const token = url.searchParams.get('t') ?? '';
    url.searchParams.set('t', `${token.slice(0, -3)}${token.endsWith('abc') ? 'xyz' : 'abc'}`);
    const page = await browser.open(url.href);
    expect(await page.locator('#refusal').getAttribute('data-refusal')).toBe('forged');
    expect(await page.locator('#refusal').textContent()).toBe(WATCH_TEXT.en.refusal.forged);
    expect(await page.locator('video').count()).toBe(0);
    await page.close();
  });

  it('refuses an expired link', async () => {
    const { addresses } = await makeLink('A day');
    clockOffset += 25 * HOUR;
    try {
      const page = await browser.open(addresses.watch);
      expect(await page.locator('#refusal').getAttribute('data-refusal')).toBe('expired');
      expect(await page.locator('#refusal').textContent()).toBe(WATCH_TEXT.en.refusal.expired);
      await browser.shot(page, 'watch-page-expired');
      await page.close();
    } finally {
      clockOffset -= 25 * HOUR;
    }
  });

  it('stops a page that plays as soon as its link is revoked, and refuses to open it again', async () => {
    const { link, addresses } = await makeLink('To revoke');
    const page = await browser.open(addresses.watch);
    await playsOn(page, 2);
    await audience.call('outputs.revokeLink', { linkId: link.id });
    // The next segment or playlist request is refused; the page asks why and says it.
    await page.locator('body[data-refused="revoked"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#overlay').textContent()).toBe(WATCH_TEXT.en.refusal.revoked);
    await page.reload();
    expect(await page.locator('#refusal').getAttribute('data-refusal')).toBe('revoked');
    await page.close();
  }, 90_000);

  it('raised no page error', () => {
    expect(browser.problems.filter((p) => !/403|Forbidden/.test(p))).toEqual([]);
  });
});
