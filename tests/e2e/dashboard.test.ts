import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../support/axe';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { waitFor } from '../support/wait-for';
import { startWebHostProcess, type WebHostProcess } from '../support/webhost';

// Issue 11, points 1, 6 and 7: the dashboard (the first page) in Chromium through the built web
// host and a real engine: a running live's figures move by events, a failure offers a retry,
// the machine's load arrives; English dark and French light, axe-core clean.
let host: WebHostProcess;
let en: E2eBrowser;
let fr: E2eBrowser;
const LONG = 90_000;

beforeAll(async () => {
  host = await startWebHostProcess();
  en = await launchE2eBrowser({ locale: 'en-US' });
  fr = await launchE2eBrowser({ locale: 'fr-FR' });
}, 120_000);

afterAll(async () => {
  await en?.close();
  await fr?.close();
  await host?.stop();
});

/** Calls the engine from the page, through the page's own `window.livemanager`. */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  await page.locator('nav').waitFor();
  return page.evaluate(
    async ([name, params]) => {
      const [ns, fn] = name.split('.') as [string, string];
      const api = (globalThis as unknown as { livemanager: Record<string, Record<string, (i: unknown) => Promise<unknown>>> })
        .livemanager;
      return api[ns]![fn]!(params);
    },
    [method, input] as const,
  ) as Promise<T>;
}

const PREVIEW = { name: 'Preview', kind: 'hls-local' };
const stat = (page: Page, liveId: string, key: string) =>
  page.locator(`[data-testid=on-air-card][data-live-id="${liveId}"] [data-stat=${key}] dd`);
const textOf = async (page: Page, selector: string): Promise<string> =>
  (await page.locator(selector).first().textContent()) ?? '';

/** The text at `selector` once it differs from `before` (figures pushed by events: polled, never slept on). */
async function changes(page: Page, selector: string, before: string, timeoutMs = 30_000): Promise<string> {
  return waitFor(
    async () => {
      const now = await textOf(page, selector);
      return now !== before && now !== '—' ? now : undefined;
    },
    { what: `${selector} to change from “${before}”`, timeoutMs, intervalMs: 250 },
  );
}

describe('the dashboard', () => {
  it('shows a running live’s figures changing, a failure with its retry, and the machine’s load (en, dark)', async () => {
    const page = await en.open(host.url.replace('/?', '/?theme=dark&'));
    await page.locator('[data-testid=dashboard]').waitFor();
    await page.locator('[data-testid=nothing-on-air]').waitFor();
    const inTwoHours = new Date(Date.now() + 2 * 3600_000 + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await call(page, 'lives.create', {
      title: 'Evening replay',
      source: { kind: 'testPattern' },
      destinations: [PREVIEW],
      start: { kind: 'once', at: inTwoHours, timeZone: 'Europe/Paris' },
    });
    // The next start arrives with the live's event, and its countdown ticks by the second.
    const countdown = '[data-testid=upcoming-start] [data-testid=countdown]';
    await page.locator(countdown).waitFor({ timeout: 30_000 });
    const first = await textOf(page, countdown);
    expect(first).toMatch(/^02:0[01]:\d\d$/);
    await changes(page, countdown, first);
    const live = await call<{ id: string }>(page, 'lives.create', {
      title: 'Morning show',
      source: { kind: 'testPattern' },
      destinations: [PREVIEW],
    });
    const broken = await call<{ id: string }>(page, 'lives.create', {
      title: 'Missing file',
      source: { kind: 'file', path: '/nonexistent/livemanager/show.mp4' },
      destinations: [PREVIEW],
    });
    await call(page, 'lives.start', { liveId: live.id });
    await call(page, 'lives.start', { liveId: broken.id });

    const card = page.locator(`[data-testid=on-air-card][data-live-id="${live.id}"]`);
    await card.waitFor({ timeout: LONG });
    await stat(page, live.id, 'fps')
      .filter({ hasText: /^[1-9]/ })
      .waitFor({ timeout: LONG });
    // Uptime ticks and the bitrate moves: both come from the run's events, not from a reload.
    const uptimeSelector = `[data-testid=on-air-card][data-live-id="${live.id}"] [data-stat=uptime] dd`;
    const uptime = await textOf(page, uptimeSelector);
    expect(await changes(page, uptimeSelector, uptime)).toMatch(/^\d\d:\d\d:\d\d$/);
    const bitrateSelector = `[data-testid=on-air-card][data-live-id="${live.id}"] [data-stat=bitrate] dd`;
    const bitrate = await changes(page, bitrateSelector, '—', LONG);
    expect(bitrate).toMatch(/\d.*(kbit|Mbit)\/s/);
    await changes(page, bitrateSelector, bitrate);
    expect(await card.locator('[data-testid=on-air-destination]').getAttribute('data-health')).toBe('live');
    // uPlot draws the bitrate on a canvas inside the card.
    await card.locator('[data-testid=chart] canvas').waitFor();

    const failure = page.locator(`[data-testid=failure][data-live-id="${broken.id}"]`);
    await failure.waitFor({ timeout: LONG });
    expect(await failure.locator('[data-testid=failure-reason]').textContent()).toMatch(/source|file/i);

    const cpu = page.locator('[data-testid=load-cpu]');
    await cpu.filter({ hasText: /\d/ }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=machine-load] [data-testid=chart] canvas').waitFor();
    expect(await page.locator('[data-testid=load-disk]').textContent()).toMatch(/free/);

    expect(await seriousA11yViolations(page)).toEqual([]);
    await en.shot(page, 'dashboard-dark-en');

    // Retry from the failure: the engine starts the live again (it fails again, by the same file).
    await failure.locator('[data-testid=retry]').click();
    await page
      .locator(`[data-testid=on-air-card][data-live-id="${broken.id}"], [data-testid=failure][data-live-id="${broken.id}"]`)
      .first()
      .waitFor({ timeout: LONG });
    const runs = await call<{ items: unknown[] }>(page, 'lives.listRuns', { liveId: broken.id, limit: 10 });
    expect(runs.items.length).toBe(2);
    expect(en.problems).toEqual([]);
    await call(page, 'lives.stop', { liveId: live.id });
    await page.locator('[data-testid=nothing-on-air]').waitFor({ timeout: LONG });
    await page.close();
  }, 300_000);

  it('reads in French on a light theme, with the live’s figures and the load (fr, light)', async () => {
    const page = await fr.open(`${host.url.replace('/?', '/?theme=light&lang=fr&')}`);
    await page.locator('[data-testid=dashboard]').waitFor();
    const live = await call<{ id: string }>(page, 'lives.create', {
      title: 'Émission du soir',
      source: { kind: 'testPattern' },
      destinations: [PREVIEW],
    });
    await call(page, 'lives.start', { liveId: live.id });
    await stat(page, live.id, 'fps')
      .filter({ hasText: /^[1-9]/ })
      .waitFor({ timeout: LONG });
    await stat(page, live.id, 'bitrate').filter({ hasText: /\d/ }).waitFor({ timeout: LONG });
    expect(await page.locator('h1').textContent()).toBe('Tableau de bord');
    await page.locator('[data-testid=load-cpu]').filter({ hasText: /\d/ }).waitFor({ timeout: 30_000 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await fr.shot(page, 'dashboard-light-fr');
    await call(page, 'lives.stop', { liveId: live.id });
    expect(fr.problems).toEqual([]);
    await page.close();
  }, 240_000);
});
