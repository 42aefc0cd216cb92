import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { startWebHostProcess, type WebHostProcess } from '../support/webhost';

// Issue 9, points 10, 11 and 13 on the lives list and a live's page, in Chromium through the
// built web host and a real engine (FFmpeg), in English (dark) and French (light).
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

const createLive = (page: Page, fields: object) => call<{ id: string; title: string }>(page, 'lives.create', fields);
const PREVIEW = { name: 'Preview', kind: 'hls-local' };
const text = async (locator: Locator): Promise<string> => ((await locator.textContent()) ?? '').replace(/\s/g, ' ');
const state = (page: Page, value: string) =>
  page.locator(`[data-testid=live-detail] header [data-testid=live-state][data-state=${value}]`);
const title = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { title: string } }).document.title);
const colorScheme = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { documentElement: unknown };
      getComputedStyle(e: unknown): { colorScheme: string };
    };
    return g.getComputedStyle(g.document.documentElement).colorScheme;
  });

describe('a live’s page and the list show what needs the streamer', () => {
  it('flags a missing key on the list and the page, asks before stopping a public live, and shows the HLS address (en)', async () => {
    const page = await en.open(`${host.url}#/lives`);
    const live = await createLive(page, {
      title: 'Public show',
      source: { kind: 'testPattern' },
      destinations: [
        PREVIEW,
        { name: 'Twitch', kind: 'twitch' },
        { name: 'RTMP server', kind: 'custom-rtmp', url: 'rtmp://127.0.0.1:1/live', streamKey: 'live_0123456789abcdefWXYZ' },
      ],
    });
    const row = page.locator(`[data-testid=live-row][data-live-id="${live.id}"]`);
    await row.locator('[data-testid=destination-chip][data-missing-key=true]', { hasText: 'Twitch' }).waitFor();

    await row.locator('[data-testid=live-title]').click();
    const alert = page.locator('[data-testid=missing-key-alert]');
    await alert.waitFor();
    expect(await text(alert)).toContain('“Twitch” has no stream key');
    await page.locator('[data-testid=destination-health]', { hasText: 'Twitch' }).locator('[data-testid=key-missing]').waitFor();
    await en.shot(page, 'detail-missing-key-dark-en');

    // Start is refused by the engine; its sentence names the destination.
    await page.locator('[data-testid=start-live]').click();
    const toast = page.locator('[data-sonner-toast]', { hasText: 'Could not start “Public show”' });
    await toast.waitFor({ timeout: 15_000 });
    expect(await toast.textContent()).toContain('Twitch');

    // The alert's button opens the dialog; switching Twitch off clears the alert.
    await page.locator('[data-testid=enter-key]').click();
    await page.getByRole('switch', { name: 'Send to Twitch', exact: true }).click();
    await page.locator('[data-testid=save-live]').click();
    await page.locator('[data-testid=live-dialog]').waitFor({ state: 'detached', timeout: 15_000 });
    await alert.waitFor({ state: 'detached' });

    await page.locator('[data-testid=start-live]').click();
    await state(page, 'starting').or(state(page, 'live')).waitFor({ timeout: LONG });
    // The HLS address the dialog promised, with its copy button.
    const address = page.locator('[data-testid=hls-address]');
    await address.waitFor({ timeout: 30_000 });
    expect(await address.textContent()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/hls/${live.id}/index\\.m3u8$`));
    await page.locator('[data-testid=copy-hls-address]').waitFor();

    // Public (an RTMP destination): Stop asks first, and "Keep it on air" keeps it.
    await page.locator('[data-testid=stop-live]').click();
    const confirm = page.locator('[data-testid=confirm-stop-dialog]');
    await confirm.waitFor();
    expect(await text(confirm)).toContain('It is public on “RTMP server”: viewers will see the broadcast end.');
    await en.shot(page, 'detail-confirm-stop-dark-en');
    await page.locator('[data-testid=keep-live]').click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid=stop-live]').isVisible()).toBe(true);
    await page.locator('[data-testid=stop-live]').click();
    await page.locator('[data-testid=confirm-stop]').click();
    await state(page, 'ended').waitFor({ timeout: LONG });
    expect(en.problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('puts a failure’s reason at the top of the live’s page and says it once in the run (en)', async () => {
    const page = await en.open(`${host.url}#/lives`);
    const live = await createLive(page, {
      title: 'Missing file',
      source: { kind: 'file', path: '/nonexistent/livemanager/show.mp4' },
      destinations: [PREVIEW],
    });
    await page.goto(`${host.url}#/lives/${live.id}`);
    await page.locator('[data-testid=start-live]').click();
    await state(page, 'failed').waitFor({ timeout: LONG });
    const reason = page.locator('[data-testid=live-failure-reason]');
    await reason.waitFor({ timeout: 30_000 });
    const sentence = (await reason.textContent()) ?? '';
    expect(sentence).toMatch(/source|file/i);
    expect(await page.locator('[data-testid=live-failure]').textContent()).toContain('This live failed');
    // The alert sits above the page's header, where the eye lands first.
    const alertBox = await page.locator('[data-testid=live-failure]').boundingBox();
    const headerBox = await page.locator('[data-testid=live-detail] h1').boundingBox();
    expect(alertBox!.y).toBeLessThan(headerBox!.y);
    const run = page.locator('[data-testid=run-detail]');
    await run.locator('[data-kind=state]', { hasText: 'Failed' }).waitFor({ timeout: 30_000 });
    const core = sentence.replace(/\.$/, '');
    expect((await run.innerText()).split(core).length - 1).toBe(1);
    await en.shot(page, 'detail-failed-dark-en');
    expect(en.problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('lets the streamer choose what a dead source URL does, says it is retrying, and keeps the run’s averages (en)', async () => {
    const page = await en.open(`${host.url}#/lives`);
    const dead = await createLive(page, {
      title: 'Dead camera',
      source: { kind: 'url', url: 'http://127.0.0.1:9/camera/index.m3u8', format: 'hls' },
      destinations: [PREVIEW],
    });
    await page.goto(`${host.url}#/lives/${dead.id}`);
    await page.locator('[data-testid=edit-live]').click();
    // The default is shown as it is: give up after 5 minutes.
    expect(await page.locator('[data-testid=source-unreachable-minutes]').inputValue()).toBe('5');
    await page.locator('[data-testid=source-unreachable]').click();
    await page.getByRole('option', { name: 'Keep trying' }).click();
    await page.locator('[data-testid=source-unreachable-minutes]').waitFor({ state: 'detached' });
    await en.shot(page, 'dialog-source-unreachable-dark-en');
    await page.locator('[data-testid=save-live]').click();
    await page.locator('[data-testid=live-dialog]').waitFor({ state: 'detached', timeout: 15_000 });
    const saved = await call<{ source: { ifUnreachable?: { kind: string } } }>(page, 'lives.get', { liveId: dead.id });
    expect(saved.source.ifUnreachable).toEqual({ kind: 'keepTrying' });

    await page.locator('[data-testid=start-live]').click();
    const retry = page.locator('[data-testid=source-retry]');
    await retry.waitFor({ timeout: LONG });
    expect(await text(retry)).toMatch(/Source unreachable — retrying in \d+ s, attempt \d+/);
    await page.locator('[data-testid=stop-live]').click();
    await state(page, 'ended').waitFor({ timeout: LONG });

    // A run that played: its summary keeps the averages of the whole run.
    const played = await createLive(page, { title: 'Averages', source: { kind: 'testPattern' }, destinations: [PREVIEW] });
    await page.goto(`${host.url}#/lives/${played.id}`);
    await page.locator('[data-testid=start-live]').click();
    await page.locator('[data-stat=fps] dd', { hasText: /^[1-9]/ }).waitFor({ timeout: LONG });
    await page.locator('[data-testid=run-averages]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=stop-live]').click();
    await state(page, 'ended').waitFor({ timeout: LONG });
    await en.shot(page, 'detail-run-averages-dark-en');
    expect(await text(page.locator('[data-testid=run-averages]'))).toMatch(
      /^Run averages: [1-9][\d.]* fps · .*speed 0?[.1-9][\d.]*x$/,
    );
    expect(en.problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('shows a recurring live’s rule, next start and end in the list and on its page, again after a run (en)', async () => {
    const page = await en.open(`${host.url}#/lives`);
    const live = await createLive(page, {
      title: 'Weeknight show',
      source: { kind: 'testPattern' },
      destinations: [PREVIEW],
      start: { kind: 'recurring', cron: '30 20 * * 1-5', timeZone: 'Europe/Paris' },
      end: { kind: 'afterDuration', seconds: 5400 },
    });
    const row = page.locator(`[data-testid=live-row][data-live-id="${live.id}"]`);
    const summary = row.locator('[data-testid=schedule-summary]');
    await summary.waitFor();
    expect(await text(summary.locator('[data-testid=schedule-rule]'))).toBe('Monday to Friday at 20:30');
    expect(await text(summary.locator('[data-testid=next-start]'))).toMatch(/^Next start \w{3} \d{1,2}, \d{4}, 8:30 PM$/);
    expect(await text(summary.locator('[data-testid=end-rule]'))).toBe('ends after 1 hr 30 min');

    await row.locator('[data-testid=start-live]').click();
    await row.locator('[data-testid=live-state][data-state=live]').waitFor({ timeout: LONG });
    expect(await summary.locator('[data-testid=next-start]').count()).toBe(0);
    await row.locator('[data-testid=stop-live]').click();
    await row.locator('[data-testid=live-state][data-state=ended], [data-testid=live-state][data-state=scheduled]').waitFor({
      timeout: LONG,
    });
    // After the run, the next start is back, in the list and on the live's page.
    await summary.locator('[data-testid=next-start]').waitFor();
    await en.shot(page, 'lives-recurring-after-run-dark-en');
    await row.locator('[data-testid=live-title]').click();
    const header = page.locator('[data-testid=live-detail] header [data-testid=schedule-summary]');
    await header.locator('[data-testid=next-start]').waitFor();
    expect(await text(header.locator('[data-testid=schedule-rule]'))).toBe('Monday to Friday at 20:30');
    expect(en.problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('follows the theme in native controls, names units, never clips a figure at 1024×640, and titles the window (en)', async () => {
    const page = await en.open(`${host.url}#/lives`);
    expect(await colorScheme(page)).toBe('dark');
    await page.waitForFunction(
      () => (globalThis as unknown as { document: { title: string } }).document.title === 'Lives — LiveManager',
    );
    const live = await createLive(page, { title: 'Demo', source: { kind: 'testPattern' }, destinations: [PREVIEW] });
    await page.goto(`${host.url}#/lives/${live.id}`);
    await page.locator('[data-testid=start-live]').click();
    await state(page, 'live').waitFor({ timeout: LONG });
    await page.waitForFunction(
      () => (globalThis as unknown as { document: { title: string } }).document.title === '● LIVE · Demo — LiveManager',
      undefined,
      { timeout: 10_000 },
    );
    await page.locator('[data-stat=bitrate] dd', { hasText: /^[1-9][\d.]* (kbit|Mbit)\/s$/ }).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-stat=rss] dd').textContent()).toMatch(/^[\d.]+ MiB$/);
    expect(await page.locator('[data-stat=cpu] dd').textContent()).toMatch(/^\d+%$/);
    // A preview-only live's encoding note does not speak of RTMP.
    await page.locator('[data-testid=run-events] [data-kind=note]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=run-events]').innerText()).not.toMatch(/RTMP/);

    await page.setViewportSize({ width: 1024, height: 640 });
    const clipped = await page.locator('[data-stat] dd').evaluateAll((cells) =>
      cells
        .map((cell) => cell as unknown as { scrollWidth: number; clientWidth: number; textContent: string })
        .filter((cell) => cell.scrollWidth > cell.clientWidth)
        .map((cell) => cell.textContent),
    );
    expect(clipped).toEqual([]);
    await page.locator('[data-testid=stats]').scrollIntoViewIfNeeded();
    await en.shot(page, 'detail-1024x640-dark-en');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.locator('[data-testid=stop-live]').click();
    await state(page, 'ended').waitFor({ timeout: LONG });
    expect(await title(page)).toBe('Demo — LiveManager');
    expect(en.problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('says all of it in French, light, with 24-hour times', async () => {
    const page = await fr.open(`${host.url}&theme=light&lang=fr#/lives`);
    expect(await colorScheme(page)).toBe('light');
    const recurring = await createLive(page, {
      title: 'Émission du soir',
      source: { kind: 'testPattern' },
      destinations: [PREVIEW, { name: 'Twitch', kind: 'twitch' }],
      start: { kind: 'recurring', cron: '30 20 * * 1-5', timeZone: 'Europe/Paris' },
      end: { kind: 'afterDuration', seconds: 7200 },
    });
    const row = page.locator(`[data-testid=live-row][data-live-id="${recurring.id}"]`);
    await row.locator('[data-testid=schedule-summary]').waitFor();
    expect(await text(row.locator('[data-testid=schedule-rule]'))).toBe('Du lundi au vendredi à 20:30');
    expect(await text(row.locator('[data-testid=next-start]'))).toMatch(/^Prochain départ .* 20:30$/);
    expect(await text(row.locator('[data-testid=end-rule]'))).toBe('s’arrête après 2 h');
    await fr.shot(page, 'lives-recurring-light-fr');

    await row.locator('[data-testid=live-title]').click();
    expect(await text(page.locator('[data-testid=missing-key-alert]'))).toContain('« Twitch » n’a pas de clé de stream');
    await fr.shot(page, 'detail-missing-key-light-fr');

    const demo = await createLive(page, {
      title: 'Démo',
      source: { kind: 'testPattern' },
      destinations: [
        PREVIEW,
        { name: 'Serveur RTMP', kind: 'custom-rtmp', url: 'rtmp://127.0.0.1:1/live', streamKey: 'abcdef0123456789' },
      ],
    });
    await page.goto(`${host.url}&theme=light&lang=fr#/lives/${demo.id}`);
    await page.locator('[data-testid=start-live]').click();
    await state(page, 'starting').or(state(page, 'live')).waitFor({ timeout: LONG });
    await page.locator('[data-stat=fps] dd', { hasText: /^[1-9]/ }).waitFor({ timeout: 30_000 });
    const bitrate = await page.locator('[data-stat=bitrate] dd').textContent();
    if (bitrate !== '—') expect(bitrate).toMatch(/^[1-9][\d,]* (kbit|Mbit)\/s$/);
    expect(await page.locator('[data-stat=rss] dd').textContent()).toMatch(/^[\d,]+ MiB$/);
    await page.locator('[data-testid=stop-live]').click();
    const confirm = page.locator('[data-testid=confirm-stop-dialog]');
    await confirm.waitFor();
    expect(await text(confirm)).toContain('Il est public sur « Serveur RTMP »');
    await fr.shot(page, 'detail-confirm-stop-light-fr');
    await page.locator('[data-testid=confirm-stop]').click();
    await state(page, 'ended').waitFor({ timeout: LONG });

    const failing = await createLive(page, {
      title: 'Fichier absent',
      source: { kind: 'file', path: '/nonexistent/livemanager/emission.mp4' },
      destinations: [PREVIEW],
    });
    await page.goto(`${host.url}&theme=light&lang=fr#/lives/${failing.id}`);
    await page.locator('[data-testid=start-live]').click();
    await page.locator('[data-testid=live-failure-reason]').waitFor({ timeout: LONG });
    expect(await page.locator('[data-testid=live-failure]').textContent()).toContain('Ce live a échoué');
    // Clock times in the run's timeline are on 24 hours.
    const times = await page.locator('[data-testid=run-events] li > span:first-child').allTextContents();
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    await fr.shot(page, 'detail-failed-light-fr');
    expect(fr.problems).toEqual([]);
    await page.close();
  }, 240_000);
});
