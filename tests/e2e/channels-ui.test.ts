import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Programme } from '@shared/contract/iptv';
import type { Live } from '@shared/contract/lives';
import { launchE2eBrowser, type E2eBrowser } from '../support/e2e-browser';
import { ChannelOrigin } from '../support/iptv/channel-origin';
import { startFakeXtreamPanel, type FakeXtreamPanel } from '../support/iptv/fake-xtream-panel';
import { startWebHostProcess, type WebHostProcess } from '../support/webhost';

// The channel browser in Chromium through the built web host and a real engine: a provider added
// with the dialog (a fake Xtream panel serving FFmpeg-made streams, SVG logos and a guide), search
// as you type, a favourite, a preview that plays, and a live scheduled from a guide entry.
const PASSWORD = 'E2e-Panel-Secret-777';
const LONG = 90_000;

let origin: ChannelOrigin;
let panel: FakeXtreamPanel;
let host: WebHostProcess;
let en: E2eBrowser;
let fr: E2eBrowser;

beforeAll(async () => {
  origin = await ChannelOrigin.start();
  panel = await startFakeXtreamPanel({
    accounts: { viewer: { password: PASSWORD, maxConnections: 2, expDate: Math.floor(Date.now() / 1000) + 40 * 86400 } },
    channels: 2000,
    categories: 12,
    streams: origin,
    logos: true,
    programmesPerChannel: 5,
    // On air now (started 20 minutes ago), then one programme an hour.
    epgStartMs: Date.now() - 20 * 60_000,
  });
  host = await startWebHostProcess();
  [en, fr] = await Promise.all([launchE2eBrowser({ locale: 'en-US' }), launchE2eBrowser({ locale: 'fr-FR' })]);
}, 120_000);

afterAll(async () => {
  await en?.close();
  await fr?.close();
  await host?.stop();
  await panel?.close();
  await origin?.close();
});

/** Calls the engine from the page, through the page's own `window.livemanager`. */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
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

const rows = (page: Page) => page.locator('[data-testid=channel-row]');
const summary = (page: Page) => page.locator('[data-testid=list-summary]');
const hostLog = () => `\n--- web host stderr ---\n${host.stderr().slice(-3000)}`;
/** `?lang=fr&theme=light` go before the hash, beside the token. */
const pageUrl = (params: string) => `${host.url}${params}#/channels`;

/** Wait for `locator`; on a timeout, a screenshot of the page and the engine's log explain it. */
async function waitOrExplain(page: Page, locator: ReturnType<Page['locator']>, what: string, timeout = LONG): Promise<void> {
  try {
    await locator.waitFor({ timeout });
  } catch (error) {
    await page
      .screenshot({ path: `artifacts/screenshots/failure-channels-${what.replace(/\W+/g, '-')}.png` })
      .catch(() => undefined);
    throw new Error(`${what} did not happen${hostLog()}`, { cause: error });
  }
}

/** The preview's clock, read in the page. */
const previewTime = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as { document: { querySelector(s: string): { currentTime: number } | null } };
    return g.document.querySelector('[data-testid=channel-preview] video')?.currentTime ?? 0;
  });

describe('the channel browser', () => {
  it('adds a provider, searches as you type, keeps a favourite and plays a preview (en, dark)', async () => {
    const page = await en.open(pageUrl(''));
    await page.locator('[data-testid=providers-empty]').waitFor();
    await page.locator('[data-testid=add-provider]').click();
    const dialog = page.locator('[data-testid=provider-dialog]');
    await dialog.getByLabel('Name', { exact: true }).fill('My panel');
    await dialog.getByLabel('Server', { exact: true }).fill(panel.url);
    await dialog.getByLabel('Username', { exact: true }).fill('viewer');
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await en.shot(page, 'channels-add-provider-dark-en');
    await page.locator('[data-testid=save-provider]').click();
    await dialog.waitFor({ state: 'detached' });
    await waitOrExplain(page, summary(page).filter({ hasText: '2,000 channels' }), 'the catalog to load');
    await rows(page).first().waitFor();
    // Virtualised: a handful of rows in the page for 2,000 channels.
    expect(await rows(page).count()).toBeLessThan(40);

    // Two letters browse; three search (substring, accents ignored: "cafe" finds "Café Télé").
    const search = page.locator('[data-testid=channel-search]');
    await search.fill('sp');
    await summary(page).filter({ hasText: 'at least 3 letters' }).waitFor();
    await search.fill('sky sport');
    await summary(page)
      .filter({ hasText: /results/ })
      .waitFor();
    const names = await rows(page).locator('[data-testid=channel-name]').allTextContents();
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((n) => !/^Sky Sport \d+$/.test(n))).toEqual([]);
    await search.fill('cafe tele 5');
    await rows(page).filter({ hasText: 'Café Télé 5' }).first().waitFor();

    // A favourite survives a new search and has its own view.
    const chosen = rows(page).filter({ hasText: 'Café Télé 5' }).first();
    const chosenName = (await chosen.locator('[data-testid=channel-name]').textContent()) ?? '';
    await chosen.locator('[data-testid=favourite]').click();
    await chosen.locator('[data-testid=favourite][aria-pressed=true]').waitFor();
    await search.fill('');
    await page.locator('[data-testid=view-favourites]').click();
    await summary(page).filter({ hasText: '1 channel' }).waitFor();
    expect(await rows(page).locator('[data-testid=channel-name]').allTextContents()).toEqual([chosenName]);

    // The preview: the engine reads the channel, the page plays HLS from the engine's loopback server.
    await rows(page).first().click();
    await page.locator('[data-testid=panel-channel-name]', { hasText: chosenName }).waitFor();
    await page.locator('[data-testid=play-channel]').click();
    try {
      await page.waitForFunction(
        () => {
          const g = globalThis as unknown as { document: { querySelector(s: string): { currentTime: number } | null } };
          return (g.document.querySelector('[data-testid=channel-preview] video')?.currentTime ?? 0) > 1;
        },
        undefined,
        { timeout: LONG },
      );
    } catch (error) {
      await en.shot(page, 'failure-channel-preview');
      throw new Error(`the preview did not play${hostLog()}`, { cause: error });
    }
    expect(await previewTime(page)).toBeGreaterThan(1);
    await page.locator('[data-testid=view-all]').click();
    await summary(page).filter({ hasText: '2,000 channels' }).waitFor();
    // What is on now, from the guide, on the rows.
    expect(await rows(page).first().locator('[data-testid=channel-now]').textContent()).toMatch(/^\d{1,2}:\d{2}(\s?[AP]M)? · \S/);
    // A category: its channels only, as many as it says.
    const category = page.locator('[data-testid=categories] button', { hasText: 'Catégorie 3' });
    const count = ((await category.locator('span').nth(1).textContent()) ?? '').trim();
    await category.click();
    await summary(page)
      .filter({ hasText: `${count} channels` })
      .waitFor();
    await rows(page).first().waitFor();
    const shown = await rows(page).evaluateAll((els) => els.map((el) => el.textContent ?? ''));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((text) => !text.includes('Catégorie 3'))).toEqual([]);
    await page.locator('[data-testid=view-all]').click();
    await summary(page).filter({ hasText: '2,000 channels' }).waitFor();
    // Logos come from the engine (SVG tiles), never straight from the panel.
    await page.locator('[data-testid=channel-row] img').first().waitFor();
    await en.shot(page, 'channels-dark-en');
    const fromBrowser = panel.server.requests.filter((r) => /Chrome/.test(r.userAgent ?? ''));
    expect(fromBrowser.map((r) => r.path)).toEqual([]);
    await page.locator('[data-testid=stop-channel]').click();
    expect(en.problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('a scrollbar dragged to the end shows the last channels at once: one page asked for at its row', async () => {
    const page = await en.open(pageUrl(''));
    const asked: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        if (typeof payload === 'string' && payload.includes('"iptv.listChannels"')) asked.push(payload);
      }),
    );
    await page.reload();
    await waitOrExplain(page, summary(page).filter({ hasText: '2,000 channels' }), 'the catalog to show');
    await rows(page).first().waitFor();
    const [provider] = (await call<{ items: { id: string }[] }>(page, 'iptv.listProviders', {})).items;
    const last = await call<{ items: Channel[] }>(page, 'iptv.listChannels', {
      providerId: provider?.id,
      offset: 1998,
      limit: 2,
    });
    const [secondLast, lastChannel] = last.items as [Channel, Channel];
    const before = asked.length;
    await page.locator('[data-testid=channel-list]').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator(`[data-testid=channel-row][data-channel-id="${lastChannel.id}"]`).waitFor({ timeout: 15_000 });
    await page.locator(`[data-testid=channel-row][data-channel-id="${secondLast.id}"]`).waitFor();
    // The old list read every page down to the end (ten of them, one after the other).
    const jump = asked.slice(before);
    expect(jump.length).toBeLessThanOrEqual(2);
    expect(jump.some((frame) => /"offset":\s*1[89]\d\d/.test(frame))).toBe(true);
    expect(en.problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('schedules a live from a guide entry in one click: start and end at the programme’s times (en, light)', async () => {
    const page = await en.open(pageUrl('&theme=light'));
    await rows(page).first().waitFor({ timeout: LONG });
    await rows(page).nth(2).click();
    const channelId = (await rows(page).nth(2).getAttribute('data-channel-id')) ?? '';
    const [provider] = (await call<{ items: { id: string }[] }>(page, 'iptv.listProviders', {})).items;
    const guide = await call<{ channel: Channel; programmes: Programme[] }>(page, 'iptv.channelGuide', {
      providerId: provider?.id,
      channelId,
    });
    const next = guide.programmes.find((p) => Date.parse(p.start) > Date.now() + 60_000);
    if (!next) throw new Error('the guide has no programme to come');
    await page.locator('[data-testid=programme]').first().waitFor();
    await en.shot(page, 'channels-light-en');
    await page.locator('[data-testid=schedule-programme]').first().click();
    const dialog = page.locator('[data-testid=live-dialog]');
    await dialog.waitFor();
    // The shot shows what the click filled in: the start and the end at the programme's times.
    await dialog.locator('section', { has: page.locator('h3', { hasText: 'Schedule' }) }).scrollIntoViewIfNeeded();
    await en.shot(page, 'channels-schedule-light-en');
    await page.locator('[data-testid=save-live]').click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    const lives = (await call<{ items: Live[] }>(page, 'lives.list', {})).items;
    const live = lives.find((l) => l.source.kind === 'iptvChannel');
    expect(live).toMatchObject({
      title: `${next.title} · ${guide.channel.name}`,
      state: 'scheduled',
      source: { kind: 'iptvChannel', providerId: provider?.id, channelId, channelName: guide.channel.name },
      start: {
        kind: 'once',
        at: new Date(Math.floor(Date.parse(next.start) / 60_000) * 60_000).toISOString().replace('.000Z', 'Z'),
      },
      end: { kind: 'at', at: new Date(Math.ceil(Date.parse(next.stop) / 60_000) * 60_000).toISOString().replace('.000Z', 'Z') },
    });
    expect(JSON.stringify(live)).not.toContain(PASSWORD);
    expect(en.problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('speaks French, in both themes, with the provider’s status', async () => {
    const dark = await fr.open(pageUrl('&lang=fr'));
    await summary(dark)
      .filter({ hasText: /2\s000 chaînes/ })
      .waitFor({ timeout: LONG });
    await dark.locator('[data-testid=channel-search]').fill('euro');
    await summary(dark)
      .filter({ hasText: /résultats/ })
      .waitFor();
    await rows(dark).first().click();
    await dark.locator('[data-testid=programme]').first().waitFor();
    await fr.shot(dark, 'channels-dark-fr');
    await dark.close();

    const light = await fr.open(pageUrl('&lang=fr&theme=light'));
    const status = light.locator('[data-testid=provider-status]');
    await status.waitFor({ timeout: LONG });
    expect(await status.textContent()).toMatch(/2\s000 chaînes/);
    expect(await light.locator('[data-testid=account-connections]').textContent()).toBe('0 sur 2 utilisées');
    await rows(light).first().waitFor();
    await fr.shot(light, 'channels-light-fr');
    expect(fr.problems).toEqual([]);
    await light.close();
  }, 180_000);
});
